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
#       says which): skipped when TEST_HOST=1
#   same NAME CMD
#       run CMD twice, with T as ours and with T as gnu: stdout (byte for
#       byte), stderr and exit status must be the same.
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
B=${B:-build}
REFROOT=$ROOT/build/ref/root
CPU=${CPU:-arm1176}
npass=0 nfail=0
W=$(mktemp -d /tmp/pk-test.XXXXXX); chmod 755 "$W"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
trap 'rm -rf "$W"' EXIT

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
# netmoon says so once on stderr, always, there. ours() leaves that one line
# out, so each test shows what it is about; tests/cmd_sandbox.sh checks it.
QNOTE="netmoon: note: seccomp: no system-call filter: Invalid argument"
ours() {
	local c=$1 e st; shift
	if [ "$c" != netmoon ]; then ${AS:-} ${TMO:+timeout $TMO} qemu-arm -cpu "$CPU" -0 "$c" "$ROOT/$B/bin/$c" "$@"; return; fi
	e=$(mktemp); ${AS:-} ${TMO:+timeout $TMO} qemu-arm -cpu "$CPU" -0 "$c" "$ROOT/$B/bin/$c" "$@" 2> "$e"; st=$?
	grep -vxF "$QNOTE" "$e" >&2; rm -f "$e"; return $st
}
gnu()  { local c=$1; shift; ${AS:-} ${TMO:+timeout $TMO} env QEMU_LD_PREFIX="$REFROOT" qemu-arm -0 "$c" "$(refpath "$c")" "$@"; }
bbox() { local c=$1; shift; qemu-arm -0 "$c" "$REFROOT/bin/busybox" "$@"; }
if [ "${TEST_HOST:-0}" = 1 ]; then T() { gnu "$@"; }; else T() { ours "$@"; }; fi

pass() { npass=$((npass + 1)); [ -z "${VERBOSE:-}" ] || echo "PASS $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $1"; shift; [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/     /' | head -40; }

# run CMD in $W; leaves $W/.out, $W/.err, and sets st
runin() { (cd "$W" && eval "$1") > "$W/.out" 2> "$W/.err" < "${STDIN:-/dev/null}"; st=$?; }

t() {
	local name="[$CPU] $1" want_out=${3-} want_err=${4-} want_st=${5-0}
	runin "$2"
	local out err; out=$(cat "$W/.out"; echo x); err=$(cat "$W/.err"; echo x)
	out=${out%x} err=${err%x}
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

mine() { [ "${TEST_HOST:-0}" = 1 ] || t "$@"; }

same() {
	local name="[$CPU] $1 (= reference)" a b
	T() { ours "$@"; }; [ "${TEST_HOST:-0}" = 1 ] && T() { gnu "$@"; }
	runin "$2"; a=$st; mv "$W/.out" "$W/.out1"; mv "$W/.err" "$W/.err1"
	T() { gnu "$@"; }
	runin "$2"; b=$st
	if [ "${TEST_HOST:-0}" = 1 ]; then T() { gnu "$@"; }; else T() { ours "$@"; }; fi
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
		npass=$((npass + BASH_REMATCH[1])); nfail=$((nfail + BASH_REMATCH[2]))
		[ "${BASH_REMATCH[2]}" = 0 ] && [ $st = 0 ] || { grep -v '^ok' "$log" | sed "s/^/[$name] /"; [ $st = 0 ] || fail "$name exit status $st"; }
	else
		fail "$name ran to no summary (status $st)" "$(tail -n 5 "$log")"
	fi
}
