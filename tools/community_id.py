#!/usr/bin/env python3
"""community_id.py - the Community ID v1 of every packet of pcap files: an
independent reference for netmoon's, written from the specification's text
(github.com/corelight/community-id-spec, README.md; the ICMP mapping of
pycommunityid's icmp.py and icmp6.py) with Python's hashlib and base64 and a
small pcap reader of its own: nothing of netmoon's is used.

  tools/community_id.py [--seed N] FILE.pcap...

prints each packet's flow once, in order of first sight:
  PROTO SADDR SPORT DADDR DPORT COMMUNITY_ID
PROTO the IP protocol number, the addresses as Python's ipaddress writes
them (RFC 5952), SPORT DPORT the packet's ports, or for ICMP and ICMPv6
the spec's port equivalents (the type and its counterpart, or the code),
or '-' for protocols without ports. The outermost IP header is used; a
fragment past the first, non-IP frames and frames too short are skipped."""
import base64, hashlib, ipaddress, struct, sys

# the spec's ICMP type pairs (pycommunityid icmp.py, icmp6.py)
ICMP4 = {8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17}
ICMP6 = {128: 129, 129: 128, 130: 131, 131: 130, 133: 134, 134: 133, 135: 136, 136: 135,
         139: 140, 140: 139, 144: 145, 145: 144}
PORTS = {6, 17, 132}


def community_id(seed, proto, saddr, daddr, sport=None, dport=None, one_way=False):
    """seed . saddr . daddr . proto . 0 [. sport . dport], endpoints ordered"""
    if not one_way and (saddr > daddr or (saddr == daddr and sport is not None and sport > dport)):
        saddr, daddr, sport, dport = daddr, saddr, dport, sport
    data = struct.pack('!H', seed) + saddr + daddr + struct.pack('BB', proto, 0)
    if sport is not None:
        data += struct.pack('!HH', sport, dport)
    return '1:' + base64.b64encode(hashlib.sha1(data).digest()).decode()


def l3(b, off):
    """(proto, saddr, daddr, l4 bytes) of the IP packet at b[off:], or None"""
    v = b[off] >> 4 if len(b) > off else 0
    if v == 4 and len(b) >= off + 20:
        hl = (b[off] & 15) * 4
        if struct.unpack('!H', b[off + 6:off + 8])[0] & 0x1fff:
            return None                         # not the first fragment
        return b[off + 9], b[off + 12:off + 16], b[off + 16:off + 20], b[off + hl:]
    if v == 6 and len(b) >= off + 40:
        nh, at = b[off + 6], off + 40
        while nh in (0, 43, 60, 135, 139, 140, 44, 51) and len(b) >= at + 8:
            if nh == 44:                        # fragment header
                if struct.unpack('!H', b[at + 2:at + 4])[0] & 0xfff8:
                    return None
                nh, at = b[at], at + 8
            elif nh == 51:                      # AH: in 4-byte units, less 2
                nh, at = b[at], at + (b[at + 1] + 2) * 4
            else:
                nh, at = b[at], at + (b[at + 1] + 1) * 8
        return nh, b[off + 8:off + 24], b[off + 24:off + 40], b[at:]
    return None


def frames(path):
    with open(path, 'rb') as f:
        d = f.read()
    magic = d[:4]
    e = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    lt = struct.unpack(e + 'I', d[20:24])[0] & 0x03ffffff
    at = 24
    while at + 16 <= len(d):
        cl = struct.unpack(e + 'I', d[at + 8:at + 12])[0]
        yield lt, d[at + 16:at + 16 + cl]
        at += 16 + cl


def ip_offset(lt, b):
    if len(b) < 20:
        return None
    if lt == 1:                                 # Ethernet, VLAN tags
        et, off = struct.unpack('!H', b[12:14])[0], 14
        while et in (0x8100, 0x88a8) and len(b) >= off + 4:
            et, off = struct.unpack('!H', b[off + 2:off + 4])[0], off + 4
        return off if et in (0x0800, 0x86dd) else None
    if lt == 113:                               # Linux cooked
        return 16 if struct.unpack('!H', b[14:16])[0] in (0x0800, 0x86dd) else None
    if lt in (101, 12, 228, 229):               # raw IP
        return 0
    return None


def main():
    args, seed = sys.argv[1:], 0
    if args[:1] == ['--seed']:
        seed, args = int(args[1]), args[2:]
    seen = set()
    for path in args:
        for lt, b in frames(path):
            off = ip_offset(lt, b)
            r = l3(b, off) if off is not None else None
            if r is None:
                continue
            proto, sa, da, l4 = r
            sport = dport = None
            one_way = False
            if proto in PORTS:
                if len(l4) < 4:
                    continue
                sport, dport = struct.unpack('!HH', l4[:4])
            elif proto in (1, 58):
                if len(l4) < 2:
                    continue
                m = ICMP4 if proto == 1 else ICMP6
                sport = l4[0]
                one_way = sport not in m
                dport = l4[1] if one_way else m[sport]
            key = (proto, sa, da, sport, dport)
            if key in seen:
                continue
            seen.add(key)
            print(proto, ipaddress.ip_address(sa), '-' if sport is None else sport,
                  ipaddress.ip_address(da), '-' if dport is None else dport,
                  community_id(seed, proto, sa, da, sport, dport, one_way))


if __name__ == '__main__':
    main()
