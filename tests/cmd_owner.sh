# netmoon's process attribution (README "Processes"), live in network namespaces of
# the test's own, against ss -tunapeH taken while the connections are open
# (tools/owner_ss.py applies the lookup rule to ss's sockets): a client and a
# server on loopback (IPv4, IPv6, dual-stack, UDP; a client of another user), a
# forked server, a server and a client in a second namespace reached over a veth
# pair, a connection closed before it is looked up, a cgroup; -Z with the resolver
# (its capabilities), the resolver killed, --no-proc, -r; and the cost of 1,000
# connections a second (how often /proc is walked). On the first CPU only: what
# is checked is the kernel's sockets and the resolver's rule, not the CPU's code
# (the unit tests check the parsers on both). Ours only.
if [ "$CPU" = "${CPUS%% *}" ] && [ "${TEST_HOST:-0}" != 1 ]; then
NMB=$ROOT/$B/bin/netmoon
t "netmoon -r: no process attribution (no src_pid or dst_pid keys)" \
	"ours netmoon -r $ROOT/tests/pcaps/$(ls $ROOT/tests/pcaps | grep -m1 '^tcp') --json | grep -c '_pid' || true" "0"
if [ -z "${NO_NETNS:-}" ] && command -v ss > /dev/null && command -v socat > /dev/null && command -v python3 > /dev/null; then
O=$W/owner; rm -rf "$O"; mkdir -p "$O"
for p in pk-srv pk-cli pk-fork pk-srvb pk-clib pk-udp; do cp "$(command -v socat)" "$O/$p"; done
# a writable cgroup v2 hierarchy, if there is one: the server of the first case goes in a group of its own
CG=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CG" ] && mkdir "$CG/pk-owner-$$" 2>/dev/null && CGD=$CG/pk-owner-$$ || CGD=
cat > "$O/run.sh" <<LIVE
cd $O
ip link set lo up
$(veth_peer 60 10.9.2.1 10.9.2.2)
sleep 0.5
qemu-arm -cpu $CPU $NMB -i lo -i va --json --duration 6 -e 0 > main.json 2> main.err & nm=\$!
for i in \$(seq 50); do grep -q seccomp main.err && break; sleep 0.1; done
sleep 0.3
# 1: TCP over loopback, the client another user's; 3: IPv6; 4: a dual-stack server, an IPv4 client
sleep 3 | ./pk-srv TCP4-LISTEN:7001,bind=127.0.0.1,reuseaddr - > /dev/null & echo "srv1 \$!" >> pids
[ -z "$CGD" ] || echo \$! > $CGD/cgroup.procs
sleep 3 | ./pk-srv TCP6-LISTEN:7003,bind=[::1],reuseaddr - > /dev/null & echo "srv3 \$!" >> pids
sleep 3 | ./pk-srv TCP6-LISTEN:7005,ipv6only=0,reuseaddr - > /dev/null & echo "srv4 \$!" >> pids
# 2: a forking server; 5: UDP, an unconnected server; 6: a server in the other namespace,
# 7: a client there; 8: a forking server whose client is gone before it is looked up
./pk-fork TCP4-LISTEN:7002,fork,reuseaddr EXEC:'sleep 3' & echo "fork2 \$!" >> pids
./pk-fork TCP4-LISTEN:7008,fork,reuseaddr EXEC:true & echo "fork8 \$!" >> pids
./pk-udp -u UDP4-RECV:7004,bind=127.0.0.1 /dev/null & echo "udp5 \$!" >> pids
\$N sh -c 'sleep 3 | ./pk-srvb TCP4-LISTEN:7006 - > /dev/null & echo "srvb6 \$!" >> pids'
sleep 3 | ./pk-srv TCP4-LISTEN:7007,reuseaddr - > /dev/null & echo "srv7 \$!" >> pids
sleep 0.5
sleep 2.5 | setpriv --reuid=65534 --regid=65534 --clear-groups ./pk-cli - TCP4:127.0.0.1:7001 > /dev/null & echo "cli1 \$!" >> pids
sleep 2.5 | ./pk-cli - TCP4:127.0.0.1:7002 > /dev/null & echo "cli2 \$!" >> pids
sleep 2.5 | ./pk-cli - TCP6:[::1]:7003 > /dev/null & echo "cli3 \$!" >> pids
sleep 2.5 | ./pk-cli - TCP4:127.0.0.1:7005 > /dev/null & echo "cli4 \$!" >> pids
(echo hi; sleep 2.5) | ./pk-cli - UDP4:127.0.0.1:7004 & echo "cli5 \$!" >> pids
sleep 2.5 | ./pk-cli - TCP4:10.9.2.2:7006 > /dev/null & echo "cli6 \$!" >> pids
\$N sh -c 'sleep 2.5 | ./pk-clib - TCP4:10.9.2.1:7007 > /dev/null & echo "clib7 \$!" >> pids'
./pk-cli -u /dev/null TCP4:127.0.0.1:7008 & echo "cli8 \$!" >> pids
sleep 1.2
ss -tunapeH > ss.a; ip -o addr > addr.a
\$N ss -tunapeH > ss.b; \$N ip -o addr > addr.b
cat /proc/\$(awk '\$1 == "srv1" { print \$2 }' pids)/cgroup > cgroup.srv1
echo "fork2c \$(pgrep -P \$(awk '\$1 == "fork2" { print \$2 }' pids) -x pk-fork | head -n 1)" >> pids
wait \$nm
kill \$peer 2>/dev/null; pkill -f "$O/pk-" 2>/dev/null; pkill -f '\./pk-' 2>/dev/null; wait
LIVE
timeout 60 unshare -n bash "$O/run.sh" > "$O/run.log" 2>&1
[ -z "$CGD" ] || rmdir "$CGD" 2>/dev/null
pid() { awk -v k="$1" '$1 == k { print $2 }' "$O/pids"; }
# jq: one line per flow: the ports, then each end's pid/comm/uid
JQ='select(.proto == "tcp" or .proto == "udp") | "\(.proto) \(.dport) \(.src_pid)/\(.src_comm)/\(.src_uid) \(.dst_pid)/\(.dst_comm)/\(.dst_uid)"'
mine "netmoon live: every end's process = ss's (tools/owner_ss.py: loopback IPv4, IPv6, dual-stack, UDP, forked, another namespace both ways, closed before the lookup)" \
	"python3 $ROOT/tools/owner_ss.py $O/main.json A:$O/ss.a:$O/addr.a B:$O/ss.b:$O/addr.b > $O/cmp; grep DIFFERENT $O/cmp; tail -n 1 $O/cmp" \
	"16 ends, 16 equal"
mine "netmoon live: the owners as the processes were started (pids the test's own)" \
	"jq -r '$JQ' $O/main.json | sort -k2n" \
	"tcp 7001 $(pid cli1)/pk-cli/65534 $(pid srv1)/pk-srv/0
tcp 7002 $(pid cli2)/pk-cli/0 $(pid fork2c)/pk-fork/0
tcp 7003 $(pid cli3)/pk-cli/0 $(pid srv3)/pk-srv/0
udp 7004 $(pid cli5)/pk-cli/0 $(pid udp5)/pk-udp/0
tcp 7005 $(pid cli4)/pk-cli/0 $(pid srv4)/pk-srv/0
tcp 7006 $(pid cli6)/pk-cli/0 $(pid srvb6)/pk-srvb/0
tcp 7007 $(pid clib7)/pk-clib/0 $(pid srv7)/pk-srv/0
tcp 7008 null/null/null $(pid fork8)/pk-fork/0"
if [ -n "$CGD" ]; then
mine "netmoon live: a server's cgroup (v2, a group the test made) = its /proc/PID/cgroup's; the others' (the root) null" \
	"jq -r 'select(.dport == 7001 or .dport == 7003) | \"\\(.dport) \\(.dst_cgroup) \\(.src_cgroup)\"' $O/main.json | sort" \
	"7001 $(sed -n 's/^0:://p' "$O/cgroup.srv1") null
7003 null null"
else skip "netmoon live: a server's cgroup" "no writable cgroup v2 hierarchy here"
fi

# ---- -Z (the resolver as that user, with its two capabilities: the root-owned processes
# still named), the resolver killed (the monitor goes on, says so once), --no-proc (no
# resolver), and a flood: 1,000 connections a second for 3 s, each open for 1.5 s ----
cat > "$O/flood.py" <<'PY'
import collections, resource, socket, sys, threading, time
resource.setrlimit(resource.RLIMIT_NOFILE, (16384, 16384))
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 7103)); srv.listen(4096)
held = collections.deque()
def accept():
    while True:
        c, _ = srv.accept(); held.append((time.time(), c))
threading.Thread(target=accept, daemon=True).start()
mine = collections.deque(); t0 = time.time(); n = 0
while time.time() - t0 < 3:
    d = t0 + n / 1000 - time.time()
    if d > 0: time.sleep(d)
    s = socket.socket(); s.connect(('127.0.0.1', 7103)); mine.append((time.time(), s)); n += 1
    for q in (mine, held):
        while q and time.time() - q[0][0] > 1.5: q.popleft()[1].close()
time.sleep(1.6)
print(n)
PY
cat > "$O/run2.sh" <<LIVE
cd $O
ip link set lo up
up() { for i in \$(seq 50); do grep -q seccomp \$1 && break; sleep 0.1; done; sleep 0.3; }
st() { grep -E '^(Uid|CapEff|NoNewPrivs):' /proc/\$1/status | tr -s '\t' ' ' | tr '\n' ' '; echo; }
qemu-arm -cpu $CPU $NMB -i lo --json --duration 3 -e 0 -Z 65534 > z.json 2> z.err & nm=\$!
up z.err
sleep 3 | ./pk-srv TCP4-LISTEN:7101,bind=127.0.0.1,reuseaddr - > /dev/null & echo "zsrv \$!" >> pids2
sleep 0.3
sleep 1.5 | ./pk-cli - TCP4:127.0.0.1:7101 > /dev/null & echo "zcli \$!" >> pids2
sleep 0.5
res=\$(pgrep -P \$nm | head -n 1)
{ echo "monitor \$(st \$nm)"; echo "resolver \$(st \$res)"; } > z.status
wait \$nm
./pk-fork TCP4-LISTEN:7102,fork,reuseaddr EXEC:'sleep 3' & f=\$!
qemu-arm -cpu $CPU $NMB -i lo --json --duration 4 -e 0 > k.json 2> k.err & nm=\$!
up k.err
sleep 2.5 | ./pk-cli - TCP4:127.0.0.1:7102 > /dev/null & echo "kcli1 \$!" >> pids2
sleep 1
echo "kfork \$(pgrep -P \$f -x pk-fork | head -n 1)" >> pids2
kill -9 \$(pgrep -P \$nm)
sleep 0.3
sleep 1.5 | ./pk-cli - TCP4:127.0.0.1:7102 > /dev/null & echo "kcli2 \$!" >> pids2
wait \$nm; echo "\$?" > k.status
qemu-arm -cpu $CPU $NMB -i lo --json --duration 2 -e 0 --no-proc > n.json 2> n.err & nm=\$!
up n.err
sleep 1 | ./pk-cli - TCP4:127.0.0.1:7102 > /dev/null &
sleep 0.5
pgrep -P \$nm | wc -l > n.children
wait \$nm
kill \$f
qemu-arm -cpu $CPU $NMB -i lo --json --duration 6 -e 0 > f.json 2> f.err & nm=\$!
up f.err
res=\$(pgrep -P \$nm | head -n 1)
python3 flood.py > f.count &
sleep 5.3
echo "\$(cut -d' ' -f14,15 /proc/\$res/stat) \$(cut -d' ' -f14,15 /proc/\$nm/stat)" > f.cpu
wait
LIVE
timeout 60 unshare -n bash "$O/run2.sh" > "$O/run2.log" 2>&1
pid2() { awk -v k="$1" '$1 == k { print $2 }' "$O/pids2"; }
mine "netmoon -Z 65534: the monitor as that user with no capability, the resolver as that user with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE only; both no_new_privs" \
	"sed 's/Uid: 65534 65534 65534 65534/Uid: nobody/' $O/z.status" \
	"monitor Uid: nobody CapEff: 0000000000000000 NoNewPrivs: 1 
resolver Uid: nobody CapEff: 0000000000080004 NoNewPrivs: 1 "
mine "netmoon -Z 65534: the resolver still names root's processes (both ends)" \
	"jq -r '$JQ' $O/z.json" "tcp 7101 $(pid2 zcli)/pk-cli/0 $(pid2 zsrv)/pk-srv/0"
mine "netmoon: the resolver killed: the monitor goes on, says so once, the flows after it unnamed (keys null), status 0" \
	"cat $O/k.status; grep -v 'note: .*: \(Protocol not available\|Operation not supported\|Invalid argument\)' $O/k.err; jq -r '$JQ' $O/k.json | sort" \
	"0
netmoon: note: the process resolver has ended: no process names from now on
netmoon: process names: 1 flows looked up, 1 answered, 1 walks of /proc (sockets from /proc/net)
tcp 7102 $(pid2 kcli1)/pk-cli/0 $(pid2 kfork)/pk-fork/0
tcp 7102 null/null/null null/null/null"
mine "netmoon --no-proc: no resolver process, no process keys, no process line" \
	"cat $O/n.children; grep -c '_pid\|_comm' $O/n.json; grep -c 'process names' $O/n.err" $'0\n0\n0' "" 1
# the flood: every flow looked up and answered; /proc walked at most 4 times a second (6 s:
# at most 25, the first included); the clients' ends named while open (at least 90%)
read -r looked answered walks < <(sed -n 's/^netmoon: process names: \([0-9]*\) flows looked up, \([0-9]*\) answered, \([0-9]*\) walks.*/\1 \2 \3/p' "$O/f.err")
conns=$(cat "$O/f.count" 2>/dev/null)
named=$(jq -r 'select(.dport == 7103 and .src_pid != null) | .src_pid' "$O/f.json" | wc -l)
read -r ru rs mu ms < "$O/f.cpu"
tck=$(getconf CLK_TCK)
echo "   owner cost [$CPU]: ${conns:-?} connections in 3 s: ${looked:-?} flows looked up, ${answered:-?} answered, ${walks:-?} walks of /proc in 6 s, clients named ${named}; CPU in 5.3 s: resolver $(( (ru + rs) * 1000 / tck )) ms, monitor $(( (mu + ms) * 1000 / tck )) ms (qemu-user)"
mine "netmoon: 1,000 connections a second: each looked up once and answered, /proc walked at most 4 times a second, at least 90% of the clients named" \
	"[ \"$looked\" -ge \"${conns:-1}\" ] && [ \"$looked\" = \"$answered\" ] && echo answered; [ \"$walks\" -le 25 ] && echo walks; [ \"$named\" -ge \$(( ${conns:-1} * 9 / 10 )) ] && echo named" \
	$'answered\nwalks\nnamed'

fi
fi
