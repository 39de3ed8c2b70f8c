#!/usr/bin/python3
"""Reference DICOM JSON from pydicom, the independent implementation Cairn's codec is checked against.

Usage: pydicom_json.py FILE...   Prints one JSON object per line and file:
  {"path": FILE, "ok": true, "meta": {...}, "dataset": {...}}  or  {"path": FILE, "ok": false, "error": "..."}
Files are read with force=True, so raw data sets without File Meta Information are read as pydicom reads them.
Binary values are always inline (no bulk data handler), so they can be compared byte for byte.
"""
import json
import sys
import warnings

import pydicom


def main(paths):
    warnings.simplefilter("ignore")
    for path in paths:
        try:
            ds = pydicom.dcmread(path, force=True)
            meta = ds.file_meta.to_json_dict() if getattr(ds, "file_meta", None) is not None else {}
            out = {"path": path, "ok": True, "meta": meta, "dataset": ds.to_json_dict()}
        except Exception as e:  # every failure is a rejection to compare with Cairn's typed error
            out = {"path": path, "ok": False, "error": type(e).__name__ + ": " + str(e)}
        sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
