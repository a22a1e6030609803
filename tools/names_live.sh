#!/bin/bash
# names_live.sh [DIR]   regenerate DIR/live-*.pcap (default tests/names): real
# clients and servers between two network namespaces on a veth pair, for
# netmoon's passive naming (issue #14). Needs root, ip netns, tcpdump,
# openssl, python3, curl, socat and ssh. The captures are committed test
# data: CI does not run this (the traffic differs every run: keys, times,
# ports).
#
#   live-tls.pcap   openssl s_client -servername X -alpn h2,http/1.1 to
#                   openssl s_server (a self-signed P-256 certificate made
#                   here): TLS 1.3 and 1.2 on 443, TLS 1.3 on 4433, TLS 1.3
#                   over IPv6, a client without -servername (no SNI) and one
#                   without -alpn
#   live-http.pcap  python3 -m http.server and curl: GET, POST, two URLs on
#                   one kept-alive connection, -H 'Host: ...', --http1.0,
#                   GET over IPv6
#   live-ssh.pcap   ssh (OpenSSH) to socat servers that answer like an SSH
#                   server: on 22 a banner only, on 2222 two text lines
#                   first (RFC 4253 4.2), then the banner; the client gives
#                   up at the key exchange (no sshd here)
#   live-dns.pcap   a small DNS server (python3, UDP and TCP port 53, IPv4
#                   and IPv6): A, AAAA, a CNAME chain, two answers, glue in
#                   the additional section, NXDOMAIN; queries over UDP and
#                   over TCP (two on one connection); then TCP connections
#                   (socat, curl) to the answered addresses and to the glue
#                   address, and one to an address before it is answered
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-tests/names}
mkdir -p "$OUT"
[ "$(id -u)" = 0 ] || { echo "names_live.sh: needs root (network namespaces)" >&2; exit 1; }
T=$(mktemp -d /tmp/names_live.XXXXXX); chmod 755 "$T"
C=pknmc$$ S=pknms$$
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ip netns del $C 2>/dev/null || true; ip netns del $S 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
ip netns add $C; ip netns add $S
ip -n $C link set lo up; ip -n $S link set lo up
ip -n $C link add vc type veth peer name vs netns $S
ip -n $C addr add 10.99.0.1/24 dev vc; ip -n $C -6 addr add fd99::1/64 dev vc nodad
ip -n $S addr add 10.99.0.2/24 dev vs; ip -n $S -6 addr add fd99::2/64 dev vs nodad
# the addresses the DNS server gives out are the server's too
for a in 10.99.0.10 10.99.0.11 10.99.0.12 10.99.0.13; do ip -n $S addr add $a/24 dev vs; done
ip -n $S -6 addr add fd99::10/64 dev vs nodad
ip netns exec $C sysctl -qw net.ipv6.conf.vc.router_solicitations=0 2>/dev/null || true
ip -n $C link set vc up; ip -n $S link set vs up
sleep 1
IC="ip netns exec $C" IS="ip netns exec $S"
bg() { "$@" & pids="$pids $!"; }

cap_start() { $IC tcpdump -i vc -U --immediate-mode -Z root -s 0 -w "$OUT/live-$1.pcap" 'tcp or udp' 2>/dev/null & cap=$!; sleep 1; }
cap_stop() { sleep 1; kill $cap; wait $cap 2>/dev/null || true; echo "$OUT/live-$1.pcap: $(stat -c %s "$OUT/live-$1.pcap") bytes"; }

# ---- TLS ----
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/k.pem" -out "$T/c.pem" \
	-subj /CN=live.example -days 2 2>/dev/null
# one server per address: s_server's [::] is IPv6 only
for a in 10.99.0.2:443 10.99.0.2:4433 '[fd99::2]:443'; do
	bg $IS openssl s_server -quiet -accept "$a" -cert "$T/c.pem" -key "$T/k.pem" -alpn h2,http/1.1 -naccept 10
done
sleep 1
cap_start tls
tlsc() { $IC timeout 5 openssl s_client -quiet "$@" < /dev/null > /dev/null 2>&1 || true; sleep 0.3; }
tlsc -connect 10.99.0.2:443 -servername live-tls13.example -alpn h2,http/1.1 -tls1_3
tlsc -connect 10.99.0.2:443 -servername live-tls12.example -alpn h2,http/1.1 -tls1_2
tlsc -connect 10.99.0.2:4433 -servername live-port4433.example -alpn h2,http/1.1 -tls1_3
tlsc -connect '[fd99::2]:443' -servername live-ipv6.example -alpn h2,http/1.1 -tls1_3
tlsc -connect 10.99.0.2:443 -noservername -alpn h2 -tls1_3
tlsc -connect 10.99.0.2:443 -servername live-noalpn.example -tls1_2
cap_stop tls

# ---- HTTP ----
mkdir -p "$T/www"; echo hello > "$T/www/index.html"; echo two > "$T/www/two.txt"
bg $IS python3 -m http.server 8000 --bind :: --directory "$T/www" 2>/dev/null
bg $IS python3 -m http.server 80 --bind :: --directory "$T/www" 2>/dev/null
sleep 1.5
cap_start http
cu() { $IC curl -s -o /dev/null --max-time 5 "$@" || true; sleep 0.3; }
cu http://10.99.0.2:8000/
cu -X POST -d 'a=1&b=2' http://10.99.0.2/form
cu http://10.99.0.2/ http://10.99.0.2/two.txt
cu -H 'Host: live-vhost.example' http://10.99.0.2/
cu --http1.0 -H 'Host:' http://10.99.0.2/
cu --http1.0 http://10.99.0.2:8000/two.txt
cu -X PUT -d x http://10.99.0.2/put
cu -X OPTIONS http://10.99.0.2/
cu 'http://[fd99::2]:8000/'
cap_stop http

# ---- SSH ----
printf '#!/bin/sh\nprintf "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n"; sleep 2\n' > "$T/ssh22"
printf '#!/bin/sh\nprintf "Welcome to the live test\\r\\nsecond line\\r\\nSSH-2.0-FakeServer_1.0 live\\r\\n"; sleep 2\n' > "$T/ssh2222"
chmod +x "$T/ssh22" "$T/ssh2222"
bg $IS socat TCP6-LISTEN:22,reuseaddr,fork,ipv6only=0 EXEC:"$T/ssh22"
bg $IS socat TCP6-LISTEN:2222,reuseaddr,fork,ipv6only=0 EXEC:"$T/ssh2222"
sleep 1
cap_start ssh
sshc() { $IC timeout 6 ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	-o ConnectTimeout=3 "$@" true < /dev/null > /dev/null 2>&1 || true; sleep 0.3; }
sshc -p 22 10.99.0.2
sshc -p 2222 10.99.0.2
sshc -p 22 fd99::2
cap_stop ssh

# ---- DNS ----
cat > "$T/dns.py" <<'PY'
import socket, struct, threading, sys
ZONE = {  # name: [(type, data)], answers in order
    "live-a.example": [(1, "10.99.0.10")],
    "www.live.example": [(5, "edge.live.example"), (5, "edge2.live.example"), (1, "10.99.0.11"), (1, "10.99.0.13")],
    "live6.example": [(28, "fd99::10")],
    "tcp-a.example": [(1, "10.99.0.10")],
}
GLUE = {"live-a.example": ("ns.live.example", "10.99.0.12")}
def enc(n): return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".")) + b"\0"
def answer(q):
    qid, flags, qd = struct.unpack(">HHH", q[:6])
    i, labels = 12, []
    while q[i]: labels.append(q[i + 1:i + 1 + q[i]].decode()); i += 1 + q[i]
    name = ".".join(labels); qtype, = struct.unpack(">H", q[i + 1:i + 3]); question = q[12:i + 5]
    rrs = ZONE.get(name.lower())
    if rrs is None: return struct.pack(">HHHHHH", qid, 0x8183, 1, 0, 0, 0) + question
    out, owner = [], name
    for t, d in rrs:
        if t == 5: rd = enc(d)
        elif t == 1: rd = socket.inet_pton(socket.AF_INET, d)
        else: rd = socket.inet_pton(socket.AF_INET6, d)
        if t == 5 or t == qtype: out.append(enc(owner) + struct.pack(">HHIH", t, 1, 60, len(rd)) + rd)
        if t == 5: owner = d
    add = []
    if name in GLUE:
        g, a = GLUE[name]; rd = socket.inet_pton(socket.AF_INET, a)
        add.append(enc(g) + struct.pack(">HHIH", 1, 1, 60, 4) + rd)
    return struct.pack(">HHHHHH", qid, 0x8180, 1, len(out), 0, len(add)) + question + b"".join(out) + b"".join(add)
def udp(fam, addr):
    s = socket.socket(fam, socket.SOCK_DGRAM); s.bind((addr, 53))
    while True:
        q, peer = s.recvfrom(2048); s.sendto(answer(q), peer)
def tcp_conn(c):
    while True:
        h = c.recv(2)
        if len(h) < 2: break
        n, = struct.unpack(">H", h); q = b""
        while len(q) < n: q += c.recv(n - len(q))
        r = answer(q); c.sendall(struct.pack(">H", len(r)) + r)
    c.close()
def tcp():
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", 53)); s.listen(5)
    while True: threading.Thread(target=tcp_conn, args=(s.accept()[0],), daemon=True).start()
threading.Thread(target=udp, args=(socket.AF_INET, "10.99.0.2"), daemon=True).start()
threading.Thread(target=udp, args=(socket.AF_INET6, "fd99::2"), daemon=True).start()
tcp()
PY
cat > "$T/ask.py" <<'PY'
import socket, struct, sys
def q(qid, name, t):
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + struct.pack(">HH", t, 1)
mode, server = sys.argv[1], sys.argv[2]
fam = socket.AF_INET6 if ":" in server else socket.AF_INET
asks = [(a.split("/")[0], int(a.split("/")[1])) for a in sys.argv[3:]]
if mode == "udp":
    for i, (n, t) in enumerate(asks):
        s = socket.socket(fam, socket.SOCK_DGRAM); s.settimeout(2); s.sendto(q(100 + i, n, t), (server, 53)); s.recv(2048); s.close()
else:
    s = socket.create_connection((server, 53), timeout=2)
    for i, (n, t) in enumerate(asks):
        m = q(200 + i, n, t); s.sendall(struct.pack(">H", len(m)) + m)
        n, = struct.unpack(">H", s.recv(2)); r = b""
        while len(r) < n: r += s.recv(n - len(r))
    s.close()
PY
bg $IS python3 "$T/dns.py"
bg $IS socat TCP6-LISTEN:7000,reuseaddr,fork,ipv6only=0 SYSTEM:'cat > /dev/null; echo bye'
sleep 1
cap_start dns
poke() { echo hello | $IC timeout 3 socat -t 0.5 - "$1" > /dev/null 2>&1 || true; sleep 0.3; }
poke TCP:10.99.0.10:7000                          # before any answer: no name
$IC python3 "$T/ask.py" udp 10.99.0.2 live-a.example/1 www.live.example/1 nx.live.example/1
$IC python3 "$T/ask.py" udp fd99::2 live6.example/28
$IC python3 "$T/ask.py" tcp 10.99.0.2 tcp-a.example/1 www.live.example/1
sleep 0.3
poke TCP:10.99.0.10:7000                          # live-a.example (and tcp-a.example later)
poke TCP:10.99.0.11:7000                          # www.live.example
poke TCP:10.99.0.13:7000                          # www.live.example (second answer)
poke TCP:10.99.0.12:7000                          # glue only: no name
poke 'TCP6:[fd99::10]:7000'                       # live6.example
cu http://10.99.0.11:8000/
cap_stop dns
