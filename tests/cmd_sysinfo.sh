# sysinfo: every figure against /proc read in the same moment. There is no
# reference tool to run instead of ours, so these are skipped with TEST_HOST=1.
if [ "${TEST_HOST:-0}" != 1 ]; then
cd "$W"
want_machine=armv7l; [ "$CPU" = arm1176 ] && want_machine=armv6l
mine "the kernel line names release, machine and host" "T sysinfo 2>/dev/null | head -n 1" "Linux $(uname -r) ($want_machine), host $(uname -n)"

# sysinfo -b between two readings of /proc: each figure must lie between them
read -r up0 _ < /proc/uptime; read -r l1a l5a l15a ra _ < /proc/loadavg; cp /proc/meminfo mi0
T sysinfo -b > sib 2> sie; st=$?
read -r up1 _ < /proc/uptime; read -r l1b l5b l15b rb _ < /proc/loadavg; cp /proc/meminfo mi1
get() { awk -v k="$1" '$1 == k { print $2 }' sib; }
kb() { awk -v k="$1:" '$1 == k { printf "%.0f\n", $2 * 1024 }' "$2"; }
within() { # NAME VALUE LOW HIGH
	if [ -n "$2" ] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then pass "[$CPU] sysinfo -b: $1"
	else fail "[$CPU] sysinfo -b: $1" "got '$2', want $3..$4"; fi
}
[ $st = 0 ] && pass "[$CPU] sysinfo -b exits 0" || fail "[$CPU] sysinfo -b exits 0" "status $st"
[ "$(get release)" = "$(uname -r)" ] && [ "$(get machine)" = "$want_machine" ] \
	&& pass "[$CPU] sysinfo -b: release and machine" || fail "[$CPU] sysinfo -b: release and machine" "$(head -2 sib)"
within "uptime vs /proc/uptime" "$(get uptime)" "${up0%.*}" "$(( ${up1%.*} + 1 ))"
for i in 1 5 15; do
	a=l${i}a b=l${i}b; v=$(get load$i)
	[ "$v" = "${!a}" ] || [ "$v" = "${!b}" ] && pass "[$CPU] sysinfo -b: load$i = /proc/loadavg" \
		|| fail "[$CPU] sysinfo -b: load$i" "got $v, /proc/loadavg ${!a} then ${!b}"
done
within "procs vs /proc/loadavg's thread count (+-20)" "$(get procs)" "$(( ${ra#*/} - 20 ))" "$(( ${rb#*/} + 20 ))"
within "ram_total = MemTotal" "$(get ram_total)" "$(kb MemTotal mi0)" "$(kb MemTotal mi1)"
M=$((256 << 20))
for pair in ram_free:MemFree ram_shared:Shmem ram_buffers:Buffers swap_total:SwapTotal swap_free:SwapFree; do
	k=${pair%%:*} m=${pair#*:}
	a=$(kb "$m" mi0) b=$(kb "$m" mi1); lo=$a hi=$b; [ "$a" -le "$b" ] || { lo=$b hi=$a; }
	within "$k vs $m (+-256 MiB)" "$(get "$k")" "$((lo - M))" "$((hi + M))"
done
if [ "$(kb MemTotal mi0)" -gt 4294967295 ]; then
	mine "more than 4 GiB under qemu-user: sysinfo(2) wraps, says so once" "cat sie" \
		"sysinfo: note: sysinfo(2) memory figures wrap at 4 GiB here (qemu-user on a 64-bit host?); using /proc/meminfo"
else
	mine "no note when memory fits 32 bits" "cat sie" ""
fi

# the human layout shows the same figures
hum=$(awk -v b="$(get ram_total)" 'BEGIN { split("KiB MiB GiB TiB PiB EiB", u, " "); d = 1024; i = 1;
	while (b / d >= 1024 && i < 6) { d *= 1024; i++ } printf "%.1f %s", b / d, u[i] }')
mine "RAM total in human units" "T sysinfo 2>/dev/null | awk '/^RAM/ { print \$3, \$4 }'" "$hum,"
mine "layout" "T sysinfo 2>/dev/null | sed -E 's/[0-9]+/N/g; s/\\(armv[67]l\\)/(M)/; s/ (B|KiB|MiB|GiB|TiB)/ U/g' | sed -n '2,6p'" \
"Uptime     N days, N:N:N
Load       N.N N.N N.N  (N, N, N min)
Processes  N
RAM        total N.N U, free N.N U, shared N.N U, buffers N.N U
Swap       total N U, free N U"
mine "extra operand" "T sysinfo now" "" $'sysinfo: extra operand \'now\'\nTry \'sysinfo --help\' for more information.' 1
mine "invalid option" "T sysinfo -x" "" $'sysinfo: invalid option -- \'x\'\nTry \'sysinfo --help\' for more information.' 1
mine "--help" "T sysinfo --help | head -n 1" "Usage: sysinfo [-b]"
mine "/dev/full" "T sysinfo -b 2>&1 > /dev/full | grep -v ': note: '; echo \${PIPESTATUS[0]}" $'sysinfo: write error: No space left on device\n1'
else skip "sysinfo against /proc" "TEST_HOST=1: ours only, no reference tool to compare"
fi
