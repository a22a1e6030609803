# lib.sh - helpers for the shell tests (sourced by tests/run).
#
#   ours CMD ARGS...   our binary under qemu-arm -cpu $CPU, argv[0] = CMD
#   gnu CMD ARGS...    the Debian armhf reference (coreutils, util-linux, ...)
#   bbox CMD ARGS...   busybox-static armhf, as applet CMD
#   T CMD ARGS...      the tool under test: ours, or gnu when TEST_HOST=1
#
#   t NAME CMD [STDOUT [STDERR [STATUS]]]
#       run the shell string CMD in the scratch folder $W; stdout, stderr and
#       the exit status must equal the literals given (defaults: "", "", 0).
#   mine NAME CMD ...
#       as t, for a deliberate difference from the reference tool (the name
#       says which): with TEST_HOST=1 reported as SKIPPED
#   skip NAME REASON
#       a check that cannot run here: prints "SKIPPED [cpu] NAME: REASON" and
#       counts it; the suite ends with "N passed, N failed, N skipped"
#   live_blocker
#       prints why a live test (ours, in a network namespace of its own)
#       cannot run here (TEST_HOST=1, NO_NETNS), or nothing when it can
#   same NAME CMD
#       run CMD twice, with T as ours and with T as gnu: stdout (byte for
#       byte), stderr and exit status must be the same.
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
B=${B:-build}
REFROOT=$ROOT/build/ref/root
CPU=${CPU:-arm1176}
npass=0 nfail=0 nskip=0
W=$(mktemp -d /tmp/pk-test.XXXXXX); chmod 755 "$W"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$W"' EXIT   # KEEP=1: leave the work folder
# Tests run as another user (AS=$NOBODY) need our binaries and the reference
# root where that user can reach them. In a clone inside a private folder
# (mktemp -d makes 0700 ones) they are not: then both are used through hard
# links (copies across file systems) in $W, which everyone may enter.
PKBIN=$ROOT/$B/bin
if [ -d "$REFROOT" ] && ! { $NOBODY test -x "$PKBIN/cat" && $NOBODY test -x "$REFROOT/bin"; } 2>/dev/null; then
	mkdir "$W/reach"
	cp -al "$PKBIN" "$W/reach/bin" 2>/dev/null || cp -a "$PKBIN" "$W/reach/bin"
	cp -al "$REFROOT" "$W/reach/ref" 2>/dev/null || cp -a "$REFROOT" "$W/reach/ref"
	PKBIN=$W/reach/bin REFROOT=$W/reach/ref
fi

refpath() {
	local d
	for d in bin usr/bin sbin usr/sbin; do
		[ -x "$REFROOT/$d/$1" ] && { echo "$REFROOT/$d/$1"; return; }
	done
	echo "$REFROOT/bin/missing-$1"
}
# AS="setpriv ..." T cat ... runs the tool as another user; TMO=20 under a
# timeout (status 124: a hang)
# qemu-user refuses seccomp filters (a guest filter would bind qemu itself):
# netmoon says so on stderr there, once, before anything else it says (none
# when it stops before its sandbox: --no-sandbox, a bad option). ours() takes
# that line out, so each test compares what it is about, but only when it is
# exactly the first line of stderr and appears once: otherwise stderr is
# left whole and the problem is noted in $W/.qnote, which t and same report
# as a FAIL of their test (qnote_check). tests/cmd_sandbox.sh checks the
# note itself; the filter is proven on a real kernel (tests/cmd_init.sh).
QNOTE="netmoon: note: seccomp: no system-call filter: Invalid argument"
ours() {
	local c=$1 e st n; shift
	if [ "$c" != netmoon ]; then ${AS:-} ${TMO:+timeout $TMO} qemu-arm -cpu "$CPU" -0 "$c" "$PKBIN/$c" "$@"; return; fi
	e=$(mktemp); ${AS:-} ${TMO:+timeout $TMO} qemu-arm -cpu "$CPU" -0 "$c" "$PKBIN/$c" "$@" 2> "$e"; st=$?
	n=$(grep -cxF "$QNOTE" "$e")
	if [ "$n" = 0 ]; then cat "$e" >&2
	elif [ "$n" = 1 ] && [ "$(head -n 1 "$e")" = "$QNOTE" ]; then tail -n +2 "$e" >&2
	else
		echo "netmoon $*: the qemu-user seccomp note must be stderr's first line, once; it is there $n time(s), and the first line is: $(head -n 1 "$e")" >> "$W/.qnote"
		cat "$e" >&2
	fi
	rm -f "$e"; return $st
}
# qnote_check NAME [STDERR-FILE]: a FAIL for a misplaced or repeated seccomp
# note (see ours); status 1 if there was one
qnote_check() {
	[ -s "$W/.qnote" ] || return 0
	fail "$1: netmoon's stderr" "$(cat "$W/.qnote")" "stderr: $(head -c 300 "${2:-$W/.err}" | tr '\n' '|')"
	rm -f "$W/.qnote"; return 1
}
gnu()  { local c=$1; shift; ${AS:-} ${TMO:+timeout $TMO} env QEMU_LD_PREFIX="$REFROOT" qemu-arm -0 "$c" "$(refpath "$c")" "$@"; }
bbox() { local c=$1; shift; qemu-arm -0 "$c" "$REFROOT/bin/busybox" "$@"; }
if [ "${TEST_HOST:-0}" = 1 ]; then T() { gnu "$@"; }; else T() { ours "$@"; }; fi

pass() { npass=$((npass + 1)); [ -z "${VERBOSE:-}" ] || echo "PASS $*"; }
skip() { nskip=$((nskip + 1)); echo "SKIPPED [$CPU] $1: $2"; }
live_blocker() {
	if [ "${TEST_HOST:-0}" = 1 ]; then echo "TEST_HOST=1: ours only, no reference tool to run"
	elif [ -n "${NO_NETNS:-}" ]; then echo "NO_NETNS is set: no network namespace to run it in"; fi
}
fail() { nfail=$((nfail + 1)); echo "FAIL $1"; shift; [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/     /' | head -40; }

# run CMD in $W; leaves $W/.out, $W/.err, and sets st
# veth_peer HOLD A B [A6 B6]: the lines of a script (run under unshare -n) that make a
# veth pair, va here with address A/24 (and A6/64), vb in a network namespace of its
# own with B/24 (B6/64) and lo up there, held by a sleep of HOLD seconds (pid in
# $peer, to kill at the end); "$N CMD" runs CMD in that namespace
veth_peer() {
	local v6a= v6b=
	[ -z "${4:-}" ] || { v6a=" ip -6 addr add $4/64 dev va nodad;"; v6b=" \$N ip -6 addr add $5/64 dev vb nodad;"; }
	cat <<VETH
ip link add va type veth peer name vb
unshare -n sleep $1 & peer=\$!
sleep 0.3
ip link set vb netns \$peer
N="nsenter -t \$peer -n"
ip addr add $2/24 dev va;$v6a ip link set va up
\$N ip addr add $3/24 dev vb;$v6b \$N ip link set vb up; \$N ip link set lo up
VETH
}

runin() { (cd "$W" && eval "$1") > "$W/.out" 2> "$W/.err" < "${STDIN:-/dev/null}"; st=$?; }
# TIMES=1: each check's time since the one before (what the file ran between them counts)
[ -z "${TIMES:-}" ] || { lib_tlast=$SECONDS; lib_time() { echo "   ($((SECONDS - lib_tlast)) s) $1"; lib_tlast=$SECONDS; }; }

t() {
	local name="[$CPU] $1" want_out=${3-} want_err=${4-} want_st=${5-0}
	runin "$2"
	[ -z "${TIMES:-}" ] || lib_time "$1"
	local out err; out=$(cat "$W/.out"; echo x); err=$(cat "$W/.err"; echo x)
	out=${out%x} err=${err%x}
	qnote_check "$name" || return
	# expected strings are given without their final newline, as $(...) would
	[ -z "$want_out" ] || want_out="$want_out"$'\n'
	[ -z "$want_err" ] || want_err="$want_err"$'\n'
	if [ "$out" == "$want_out" ] && [ "$err" == "$want_err" ] && [ "$st" == "$want_st" ]; then
		pass "$name"
	else
		fail "$name" "command: $2" "status: $st (want $want_st)" \
			"stdout: $(printf %q "$out")" "  want: $(printf %q "$want_out")" \
			"stderr: $(printf %q "$err")" "  want: $(printf %q "$want_err")"
	fi
}

mine() { if [ "${TEST_HOST:-0}" = 1 ]; then skip "$1" "TEST_HOST=1: ours only, a deliberate difference"; else t "$@"; fi; }

same() {
	local name="[$CPU] $1 (= reference)" a b
	T() { ours "$@"; }; [ "${TEST_HOST:-0}" = 1 ] && T() { gnu "$@"; }
	runin "$2"; a=$st; mv "$W/.out" "$W/.out1"; mv "$W/.err" "$W/.err1"
	T() { gnu "$@"; }
	runin "$2"; b=$st
	if [ "${TEST_HOST:-0}" = 1 ]; then T() { gnu "$@"; }; else T() { ours "$@"; }; fi
	qnote_check "$name" "$W/.err1" || { rm -f "$W/.out1" "$W/.err1"; return; }
	if cmp -s "$W/.out1" "$W/.out" && cmp -s "$W/.err1" "$W/.err" && [ "$a" == "$b" ]; then
		pass "$name"
	else
		fail "$name" "command: $2" "status: $a, reference $b" \
			"stdout: $(cmp "$W/.out1" "$W/.out" 2>&1 | head -1) ($(stat -c %s "$W/.out1") vs $(stat -c %s "$W/.out") bytes)" \
			"stderr: $(head -c 300 "$W/.err1" | tr '\n' '|')" \
			"   ref: $(head -c 300 "$W/.err" | tr '\n' '|')"
	fi
	rm -f "$W/.out1" "$W/.err1"
}

# a unit-test binary that prints "NAME: N passed, M failed" last
counts() {
	local name=$1 log=$W/.log; shift
	"$@" > "$log" 2>&1; local st=$? line
	line=$(tail -n 1 "$log")
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		local np=${BASH_REMATCH[1]} nf=${BASH_REMATCH[2]}
		npass=$((npass + np)); nfail=$((nfail + nf))
		# failures make the status 1: counted once, as failures; any other
		# status (a crash after the summary) is a failure of its own
		[ "$nf" = 0 ] && [ $st = 0 ] || grep -v '^ok' "$log" | sed "s|^|[$name] |"
		[ $st = 0 ] || { [ "$nf" != 0 ] && [ $st = 1 ]; } || fail "$name exit status $st"
	else
		fail "$name ran to no summary (status $st)" "$(tail -n 5 "$log")"
	fi
}
