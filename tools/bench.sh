#!/usr/bin/env bash
# bench.sh - speed against the reference tools, measured in the same run.
# Every figure is the best of $REPS runs (wall-clock seconds); ratios are
# reference time / our time, so > 1 means we are faster.
#   REPS=5 tools/bench.sh [cat ...]      (default: every tools/bench_*.sh)
set -u
cd "$(dirname "$0")/.."
CPU=${CPU:-arm1176}
. tests/lib.sh
REPS=${REPS:-5}


# best NAME CMD: run the shell string CMD $REPS times, print the best time
best() {
	local b= s e t i
	for i in $(seq "$REPS"); do
		s=$(date +%s%N); (eval "$1") > /dev/null 2>&1; e=$(date +%s%N)
		t=$(( (e - s) / 1000 ))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
sec() { printf '%d.%03d' $(($1 / 1000000)) $(($1 / 1000 % 1000)); }
ratio() { printf '%d.%02d' $(($1 / $2)) $(($1 * 100 / $2 % 100)); }
row() { printf '  %-34s %9s s   %s\n' "$1" "$(sec "$2")" "${3:+x$3}"; }

# one file per command: tools/bench_CMD.sh defines bench_CMD
for f in tools/bench_*.sh; do . "$f"; done

all=$(ls tools/bench_*.sh | sed 's|tools/bench_||; s|\.sh$||')
for what in ${@:-$all}; do "bench_$what"; echo; done
