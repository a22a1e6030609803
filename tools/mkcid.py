#!/usr/bin/env python3
"""mkcid.py OUT.pcap - tests/crafted/community-id.pcap: one or two packets of
each flow kind whose Community ID rules differ (tests/cmd_netmoon.sh checks
netmoon's "community_id" for each against tools/community_id.py's)."""
import ipaddress, struct, sys

frames = []


def eth(et, payload):
    return b'\x02\0\0\0\0\x02' + b'\x02\0\0\0\0\x01' + struct.pack('!H', et) + payload


def ip4(src, dst, proto, l4):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(l4), 1, 0, 64, proto, 0,
                    ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed)
    return eth(0x0800, h + l4)


def ip6(src, dst, nh, l4):
    h = struct.pack('!IHBB16s16s', 0x60000000, len(l4), nh, 64,
                    ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed)
    return eth(0x86dd, h + l4)


def ip(src, dst, proto, l4):
    return (ip6 if ':' in src else ip4)(src, dst, proto, l4)


def tcp(sp, dp, flags):
    return struct.pack('!HHIIBBHHH', sp, dp, 1000, 0, 0x50, flags, 65535, 0, 0)


def udp(sp, dp, data=b'hello'):
    return struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data


def icmp(t, c, body=b'\0\0\0\x01' + b'x' * 8):
    return struct.pack('!BBH', t, c, 0) + body


def add(f):
    frames.append(f)


# ICMP echo: the greater address asks; then a pair whose reply is seen first
add(ip('10.1.0.9', '10.1.0.2', 1, icmp(8, 0)))
add(ip('10.1.0.2', '10.1.0.9', 1, icmp(0, 0)))
add(ip('10.1.0.3', '10.1.0.4', 1, icmp(0, 0)))
add(ip('10.1.0.4', '10.1.0.3', 1, icmp(8, 0)))
# one-way ICMP: port unreachable (from the greater address), time exceeded,
# redirect; timestamp and router solicitation/advertisement pairs
add(ip('10.1.0.9', '10.1.0.2', 1, icmp(3, 3, b'\0' * 4 + bytes(28))))
add(ip('10.1.0.1', '10.1.0.9', 1, icmp(11, 0, b'\0' * 4 + bytes(28))))
add(ip('10.1.0.9', '10.1.0.8', 1, icmp(5, 1, b'\0' * 4 + bytes(28))))
add(ip('10.1.0.7', '10.1.0.2', 1, icmp(13, 0)))
add(ip('10.1.0.2', '10.1.0.7', 1, icmp(14, 0)))
add(ip('10.1.0.6', '10.1.0.5', 1, icmp(9, 0)))
# ICMPv6: neighbor solicitation and advertisement both ways, echo, unreachable,
# router advertisement, redirect (one-way)
add(ip('fe80::b', 'fe80::a', 58, icmp(135, 0)))
add(ip('fe80::a', 'fe80::b', 58, icmp(136, 0)))
add(ip('fe80::a', 'fe80::c', 58, icmp(135, 0)))
add(ip('2001:db8::9', '2001:db8::1', 58, icmp(128, 0)))
add(ip('2001:db8::1', '2001:db8::9', 58, icmp(129, 0)))
add(ip('2001:db8::ff', '2001:db8::1', 58, icmp(1, 4, b'\0' * 4 + bytes(48))))
add(ip('fe80::a', 'ff02::1', 58, icmp(134, 0)))
add(ip('fe80::c', 'fe80::a', 58, icmp(137, 0)))
# TCP and UDP, IPv4 and IPv6; equal addresses (ports decide)
add(ip('10.2.0.9', '10.2.0.1', 6, tcp(40000, 80, 2)))
add(ip('10.2.0.1', '10.2.0.9', 6, tcp(80, 40000, 0x12)))
add(ip('2001:db8::2', '2001:db8::1', 6, tcp(443, 50000, 0x12)))
add(ip('127.0.0.1', '127.0.0.1', 17, udp(5353, 53)))
add(ip('127.0.0.1', '127.0.0.1', 17, udp(53, 5353)))
add(ip('2001:db8::1', '2001:db8::2', 17, udp(123, 123)))
# other protocols: ESP, OSPF over IPv6, GRE with a payload netmoon does not open
add(ip('10.3.0.9', '10.3.0.1', 50, b'\0\0\x10\x01' + bytes(20)))
add(ip('10.3.0.1', '10.3.0.9', 50, b'\0\0\x10\x02' + bytes(20)))
add(ip('fe80::2', 'ff02::5', 89, bytes(24)))
add(ip('10.3.0.5', '10.3.0.6', 47, b'\0\0\x88\x0b' + bytes(16)))

with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, fr in enumerate(frames):
        f.write(struct.pack('<IIII', 1700000000 + i, 0, len(fr), len(fr)) + fr)
