"""Prints the bytes of frames of a DICOM file, one hex line per frame, as pydicom finds them.

Usage: wado_frames.py FILE N[,N...]   (frame numbers from 1)

Native pixel data is sliced from ds.PixelData (big-endian values swapped to little endian, 1-bit frames moved to
start at bit 0); encapsulated frames come from pydicom.encaps.generate_pixel_data_frame. Run with Debian's
python3, which has pydicom 2.3 (no numpy needed).
"""
import sys

import pydicom
from pydicom.encaps import generate_pixel_data_frame


def native_frames(ds, numbers):
    rows, cols = int(ds.Rows), int(ds.Columns)
    samples = int(ds.get('SamplesPerPixel', 1))
    if str(ds.get('PhotometricInterpretation', '')).strip() == 'YBR_FULL_422':
        samples = 2
    bits = int(ds.BitsAllocated)
    frame_bits = rows * cols * samples * bits
    data = ds.PixelData
    big = not ds.is_little_endian
    out = []
    for n in numbers:
        start = (n - 1) * frame_bits
        if start % 8 == 0 and frame_bits % 8 == 0:
            frame = bytearray(data[start // 8:(start + frame_bits) // 8])
        else:
            value = int.from_bytes(data, 'little')
            value >>= start
            value &= (1 << frame_bits) - 1
            frame = bytearray(value.to_bytes((frame_bits + 7) // 8, 'little'))
        width = bits // 8 if bits in (16, 32, 64) else (2 if ds['PixelData'].VR == 'OW' and bits == 8 else 1)
        if big and width > 1:
            for i in range(0, len(frame) - len(frame) % width, width):
                frame[i:i + width] = frame[i:i + width][::-1]
        out.append(bytes(frame))
    return out


def main():
    ds = pydicom.dcmread(sys.argv[1])
    numbers = [int(n) for n in sys.argv[2].split(',')]
    if ds.file_meta.TransferSyntaxUID.is_compressed:
        frames = list(generate_pixel_data_frame(ds.PixelData, int(ds.get('NumberOfFrames', 1) or 1)))
        selected = [frames[n - 1] for n in numbers]
    else:
        selected = native_frames(ds, numbers)
    for frame in selected:
        print(frame.hex())


if __name__ == '__main__':
    main()
