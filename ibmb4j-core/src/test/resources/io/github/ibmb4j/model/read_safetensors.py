"""Independent safetensors reader (standard library only) used by CheckpointsTest.

Follows the format specification (https://github.com/huggingface/safetensors#format): an unsigned
little-endian 64-bit header size N, N bytes of UTF-8 JSON, then the byte buffer; every tensor entry
has dtype, shape and data_offsets [begin, end) relative to the buffer, and the offsets must tile the
buffer without gaps or overlaps. Prints one line per tensor: name, shape, and the sum of its values,
then a line 'spec <model spec json>'. Exits non-zero on any violation.
"""
import json
import struct
import sys

path = sys.argv[1]
with open(path, "rb") as f:
    raw = f.read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n].decode("utf-8"))
assert (8 + n) % 8 == 0, "header not 8-byte aligned"
buf = raw[8 + n:]
meta = header.pop("__metadata__")
assert all(isinstance(v, str) for v in meta.values()), "metadata values must be strings"
spans = sorted((t["data_offsets"][0], t["data_offsets"][1], k) for k, t in header.items())
pos = 0
for b, e, k in spans:
    assert b == pos, "gap or overlap before " + k
    pos = e
assert pos == len(buf), "buffer has trailing bytes"
for name, t in header.items():
    assert t["dtype"] == "F32", name
    b, e = t["data_offsets"]
    count = 1
    for d in t["shape"]:
        count *= d
    assert e - b == 4 * count, name
    values = struct.unpack("<%df" % count, buf[b:e])
    print(name, "x".join(str(d) for d in t["shape"]), repr(sum(values)))
print("spec", meta["model_spec"])
