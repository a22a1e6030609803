#!/usr/bin/env python3
"""flipbits.py IN OUT SEED PERCENT - a copy of the pcap IN where PERCENT % of the
records, drawn from a PRNG seeded with SEED, have one bit flipped at a random
place of their captured bytes, link-layer header included: what netem's
"corrupt" does to frames on the wire (lengths, flags, sequence numbers,
addresses, ports...). Same input and seed, same output. For tests/cmd_netmoon.sh:
netmoon and tshark must still agree on such captures."""
import random
import struct
import sys

def main():
    if len(sys.argv) != 5:
        sys.exit("usage: flipbits.py IN OUT SEED PERCENT")
    src, dst, seed, pct = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    rng = random.Random(seed)
    data = bytearray(open(src, 'rb').read())
    magic = bytes(data[:4])
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        order = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        order = '>'
    else:
        sys.exit("flipbits.py: %s: not a pcap file" % src)
    at = 24
    while at + 16 <= len(data):
        caplen = struct.unpack(order + 'I', data[at + 8:at + 12])[0]
        at += 16
        if caplen > len(data) - at:
            break
        if caplen and rng.random() * 100 < pct:
            bit = rng.randrange(caplen * 8)
            data[at + bit // 8] ^= 1 << (bit % 8)
        at += caplen
    open(dst, 'wb').write(data)

main()
