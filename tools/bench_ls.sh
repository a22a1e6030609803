# bench_ls.sh - sourced by tools/bench.sh
bench_ls() {
	local n d o g b
	for n in 20000 100000; do
		d=$W/ls$n; mkdir -p "$d"; (cd "$d" && seq -f 'file%06g' "$n" | xargs touch)
		for flag in "" -l; do
			echo "ls $flag: $n entries to a pipe, qemu-arm -cpu $CPU, best of $REPS"
			o=$(best "ours ls $flag $d | cat > /dev/null")
			g=$(best "LC_ALL=C gnu ls $flag $d | cat > /dev/null")
			b=$(best "bbox ls $flag $d | cat > /dev/null")
			row "peachykeen32 ls $flag" "$o"
			row "GNU ls 9.1 (ours faster by)" "$g" "$(ratio "$g" "$o")"
			row "busybox ls (ours faster by)" "$b" "$(ratio "$b" "$o")"
		done
		rm -rf "$d"
	done
}
