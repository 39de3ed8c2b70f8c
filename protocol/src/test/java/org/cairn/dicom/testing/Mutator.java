package org.cairn.dicom.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible corruptions of DICOM byte streams aimed where parsers break: lengths, tags, VRs,
 * truncation, and spliced or duplicated regions.
 */
public final class Mutator {
    private static final int[] HOSTILE_LENGTHS = {0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0xFFFE, 1, 3,
        0x10000, 0x00FFFFFF};

    private Mutator() {
    }

    /** Mutation {@code index} of {@code original} under {@code seed}: the same arguments give the same bytes. */
    public static byte[] mutate(byte[] original, long seed, int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        byte[] b = original.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(9)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> putInt(b, at, HOSTILE_LENGTHS[random.nextInt(HOSTILE_LENGTHS.length)]);
                case 3 -> putInt(b, at, random.nextInt());
                case 4 -> b = Arrays.copyOf(b, at);
                case 5 -> {
                    // a delimiter or item tag where it does not belong
                    int[] tags = {0xE000FFFE, 0xE00DFFFE, 0xE0DDFFFE};
                    putInt(b, at, Integer.reverseBytes(Integer.reverseBytes(tags[random.nextInt(3)])));
                }
                case 6 -> {
                    int length = Math.min(b.length - at, 1 + random.nextInt(64));
                    byte[] grown = new byte[b.length + length];
                    System.arraycopy(b, 0, grown, 0, at + length);
                    System.arraycopy(b, at, grown, at + length, b.length - at);
                    b = grown;
                }
                case 7 -> {
                    // VR bytes replaced by another VR or garbage
                    String[] vrs = {"SQ", "UN", "OB", "UT", "PN", "XX", "\0\0", "UL"};
                    String vr = vrs[random.nextInt(vrs.length)];
                    if (at + 1 < b.length) {
                        b[at] = (byte) vr.charAt(0);
                        b[at + 1] = (byte) vr.charAt(1);
                    }
                }
                default -> {
                    int length = Math.min(b.length - at, 1 + random.nextInt(256));
                    Arrays.fill(b, at, at + length, (byte) (random.nextBoolean() ? 0 : 0xFF));
                }
            }
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int value) {
        for (int i = 0; i < 4 && at + i < b.length; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
