# bench_hexdump.sh - sourced by tools/bench.sh
bench_hexdump() {
	local in=$W/hd.in o u b x
	head -c 16M /dev/urandom > "$in"
	echo "hexdump -C: 16 MiB of random data to a pipe, qemu-arm -cpu $CPU (the slow references run once)"
	local sink="| dd of=/dev/null bs=1M status=none"
	o=$(best "ours hexdump -C $in $sink")
	u=$(REPS=1 best "gnu hexdump -C $in $sink")
	b=$(REPS=1 best "bbox hexdump -C $in $sink")
	x=$(REPS=1 best "gnu xxd $in $sink")
	row "peachykeen32 hexdump -C" "$o"
	row "util-linux hexdump -C (ours faster by)" "$u" "$(ratio "$u" "$o")"
	row "busybox hexdump -C (ours faster by)" "$b" "$(ratio "$b" "$o")"
	row "xxd (ours faster by)" "$x" "$(ratio "$x" "$o")"
	rm -f "$in"
}
