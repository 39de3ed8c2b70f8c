#!/usr/bin/python3
"""Times pydicom's dcmread over a list of files, for Cairn's side-by-side codec benchmark.

Usage: pydicom_parse_bench.py MODE MIN_SECONDS LISTFILE
  MODE: full (dcmread) or header (dcmread with stop_before_pixels=True)
Each pass reads every file in LISTFILE once; passes repeat until MIN_SECONDS have elapsed (at least 3).
Prints JSON: {"mode", "files", "bytes", "passes", "pass_seconds": [...]}.
"""
import json
import os
import sys
import time
import warnings

import pydicom


def main(mode, min_seconds, list_file):
    warnings.simplefilter("ignore")
    with open(list_file) as f:
        paths = [line.strip() for line in f if line.strip()]
    stop = mode == "header"
    total_bytes = sum(os.path.getsize(p) for p in paths)
    for p in paths:  # warm the page cache and pydicom's imports
        pydicom.dcmread(p, force=True, stop_before_pixels=stop)
    pass_seconds = []
    started = time.perf_counter()
    while len(pass_seconds) < 3 or time.perf_counter() - started < min_seconds:
        t0 = time.perf_counter()
        for p in paths:
            ds = pydicom.dcmread(p, force=True, stop_before_pixels=stop)
            len(ds)  # the data set is complete; values stay raw, as Cairn's tree keeps bytes
        pass_seconds.append(time.perf_counter() - t0)
    print(json.dumps({"mode": mode, "files": len(paths), "bytes": total_bytes, "passes": len(pass_seconds),
                      "pass_seconds": pass_seconds}))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
