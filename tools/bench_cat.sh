# bench_cat.sh - sourced by tools/bench.sh
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
