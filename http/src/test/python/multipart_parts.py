"""Parses a multipart/related body with Python's email package, independently of the server under test.

Usage: multipart_parts.py CONTENT_TYPE BODY_FILE
Prints one line per part: its Content-Type, a tab, and the SHA-256 of its payload.
"""
import hashlib
import sys
from email import policy
from email.parser import BytesParser


def main():
    content_type = sys.argv[1]
    with open(sys.argv[2], 'rb') as f:
        body = f.read()
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b'Content-Type: ' + content_type.encode('ascii') + b'\r\nMIME-Version: 1.0\r\n\r\n' + body)
    if not message.is_multipart():
        print('not multipart', file=sys.stderr)
        sys.exit(1)
    print('type=' + str(message.get_param('type')))
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        print(part.get('Content-Type') + '\t' + hashlib.sha256(payload).hexdigest())


if __name__ == '__main__':
    main()
