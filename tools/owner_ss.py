#!/usr/bin/env python3
"""owner_ss.py JSON NS... - netmoon's process attribution against ss.

JSON: netmoon --json's records. Each NS is TAG:SS:ADDRS, one network
namespace: the output of `ss -tunapH` (or `ss -tunapeH`) taken there while
the connections were open, and of `ip -o addr` (the addresses local to it).
The namespaces are given in the order netmoon looks in them (its own first).

For every TCP and UDP record and each end (src: the client's, dst: the
server's) the reference owner is ss's, by the rule README "Processes" states
(ss is the reference for which socket is which and who holds it):
  - the socket whose local and peer addresses are the flow's (a connected one);
  - else, for a TCP server's end or either end of UDP, a socket bound to the
    flow's address and port with no peer (a listener, an unconnected UDP
    socket), then one bound to the wildcard address of a namespace the
    address is local to (127.0.0.0/8 and ::1: the first namespace only);
  - the first namespace that has one; among the processes holding the socket
    the lowest pid.
One line per end: "PROTO SRC SPORT DST DPORT END ours=PID/COMM/UID ss=PID/COMM/UID";
the uid is compared only where ss was asked for it (-e; it leaves out uid 0). The last line: "N ends,
M equal"."""
import ipaddress, json, re, sys


def addr(s):
    """ss's address:port -> (ip_address or None for a wildcard, port)"""
    a, _, p = s.rpartition(':')
    a = a.strip('[]')
    if '%' in a:
        a = a.split('%')[0]
    port = None if p == '*' else int(p)
    if a in ('*', '0.0.0.0', '::'):
        return None, port
    ip = ipaddress.ip_address(a)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip, port


def parse_ss(path):
    socks = []
    for line in open(path):
        f = line.split()
        if len(f) < 6 or f[0] not in ('tcp', 'udp'):
            continue
        users = re.findall(r'\("([^"]*)",pid=(\d+),fd=\d+\)', line)
        uid = re.search(r'\buid:(\d+)', line)
        la, lp = addr(f[4])
        ra, rp = addr(f[5])
        socks.append(dict(proto=f[0], state=f[1], la=la, lp=lp, ra=ra, rp=rp,
                          users=sorted((int(p), c) for c, p in users),
                          uid=int(uid.group(1)) if uid else 0 if ' ino:' in line else None))   # -e: uid 0 not printed
    return socks


def parse_addrs(path):
    out = set()
    for line in open(path):
        m = re.search(r'\binet6? ([0-9a-f.:]+)/', line)
        if m:
            out.add(ipaddress.ip_address(m.group(1)))
    return out


def owner(nss, proto, l, lp, r, rp, server):
    def held(s):
        return s['users']
    for i, (tag, socks, local) in enumerate(nss):
        for s in socks:
            if s['proto'] == proto and s['la'] == l and s['lp'] == lp and s['ra'] == r and s['rp'] == rp and held(s):
                return s
    if proto == 'tcp' and not server:
        return None
    for wild in (False, True):
        for i, (tag, socks, local) in enumerate(nss):
            if wild and not (l in local or (l.is_loopback and i == 0)):
                continue
            for s in socks:
                if s['proto'] != proto or s['lp'] != lp or s['ra'] is not None or not held(s):
                    continue
                if proto == 'tcp' and s['state'] != 'LISTEN':
                    continue
                if (s['la'] is None) == wild and (wild or s['la'] == l):
                    return s
    return None


def main():
    recs = [json.loads(x) for x in open(sys.argv[1]) if x.strip()]
    nss = []
    for spec in sys.argv[2:]:
        tag, ssf, af = spec.split(':')
        nss.append((tag, parse_ss(ssf), parse_addrs(af)))
    n = eq = 0
    for j in recs:
        if j.get('proto') not in ('tcp', 'udp') or 'src_pid' not in j:
            continue
        proto = j['proto']
        a, b = ipaddress.ip_address(j['src']), ipaddress.ip_address(j['dst'])
        for end, (l, lp, r, rp) in (('src', (a, j['sport'], b, j['dport'])), ('dst', (b, j['dport'], a, j['sport']))):
            s = owner(nss, proto, l, lp, r, rp, end == 'dst')
            ours = '%s/%s/%s' % (j[end + '_pid'], j[end + '_comm'], j[end + '_uid'])
            if s:
                pid, comm = s['users'][0]
                ref = '%d/%s/%s' % (pid, comm, s['uid'] if s['uid'] is not None else j[end + '_uid'])
            else:
                ref = 'None/None/None'
            n += 1
            eq += ours == ref
            print('%s %s %s %s %s %s ours=%s ss=%s%s' % (proto, j['src'], j['sport'], j['dst'], j['dport'], end,
                                                       ours, ref, '' if ours == ref else ' DIFFERENT'))
    print('%d ends, %d equal' % (n, eq))


main()
