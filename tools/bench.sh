#!/usr/bin/env bash
# bench.sh - speed against the reference tools, measured in the same run.
# Every figure is the best of $REPS runs (wall-clock seconds); ratios are
# reference time / our time, so > 1 means we are faster.
#   REPS=5 tools/bench.sh [cat ...]
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

bench_cat() {
	local in=$W/cat.in
	head -c 256M /dev/urandom > "$in"
	echo "cat: 256 MiB of random data (page cache), qemu-arm -cpu $CPU, best of $REPS"
	local mode
	for mode in pipe file; do
		local sink="| dd of=/dev/null bs=1M status=none"
		[ $mode = file ] && sink="> $W/cat.out"
		local o g b
		o=$(best "ours cat $in $sink")
		g=$(best "gnu cat $in $sink")
		b=$(best "bbox cat $in $sink")
		echo " to a $mode:"
		row "peachykeen32 cat" "$o"
		row "GNU cat 9.1 (ours is faster by)" "$g" "$(ratio "$g" "$o")"
		row "busybox cat (ours is faster by)" "$b" "$(ratio "$b" "$o")"
	done
	rm -f "$in" "$W/cat.out"
}

for what in ${@:-cat}; do "bench_$what"; done
