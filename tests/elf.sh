# elf.sh - what a binary is made of: a 16-byte _start as the only startup
# code, static, no interpreter, no dynamic section, ARMv6 code only.
RE=${CROSS_COMPILE:-arm-linux-gnueabihf-}readelf
OD=${CROSS_COMPILE:-arm-linux-gnueabihf-}objdump
for elf in "$B"/elf/* "$B"/test/rt_test; do
	n=${elf##*/}
	hdr=$($RE -hlSsW "$elf")
	start=$(awk '$8 == "_start" { print $2, $3, $4 }' <<< "$hdr")
	entry=$(awk '/Entry point address/ { print $4 }' <<< "$hdr")
	if [ -n "$start" ] && [ "$((0x${start%% *}))" = "$((entry))" ] && [ "${start#* }" = "16 FUNC" ]; then
		pass "$n: entry is _start, 16 bytes"
	else fail "$n: entry/_start" "entry $entry, _start: $start"; fi
	# the four instructions of its 16 bytes (alignment padding may follow them)
	insns=$($OD -d --no-show-raw-insn "$elf" | awk '/<_start>:/ { on = 1; next } on && /^$/ { exit } on { print $2 }' | head -n 4 | tr '\n' ' ')
	[ "$insns" = "mov bl mov svc " ] && pass "$n: _start is mov, bl, mov, svc" || fail "$n: _start instructions" "$insns"
	grep -qE 'INTERP|DYNAMIC|\.interp|\.dynamic|\.dynsym|\.got\.plt|\.plt' <<< "$hdr" \
		&& fail "$n: has dynamic-linking parts" "$(grep -E 'INTERP|DYNAMIC|interp|dyn|plt' <<< "$hdr")" \
		|| pass "$n: no PT_INTERP, no dynamic section"
	grep -q 'Type: *EXEC' <<< "$hdr" && pass "$n: static ET_EXEC" || fail "$n: not ET_EXEC"
	crt=$(grep -wE '_init|_fini|__libc_start_main|frame_dummy|__do_global_dtors_aux|_IO_stdin_used|__libc_csu_init|__gmon_start__|__aeabi_unwind_cpp_pr0' <<< "$hdr")
	[ -z "$crt" ] && pass "$n: no crt or libc symbols" || fail "$n: crt symbols present" "$crt"
	$RE -A "$elf" | grep -q 'Tag_CPU_arch: v6$' && pass "$n: built for ARMv6" || fail "$n: Tag_CPU_arch is not v6"
	v7=$($OD -d --no-show-raw-insn "$elf" | grep -wE 'movw|movt|udiv|sdiv|dmb|dsb|isb|ubfx|sbfx|bfi|bfc|rbit|mls|ldrexd|vmov|vldr|vstr' | head -3)
	[ -z "$v7" ] && pass "$n: no ARMv7 or VFP instructions" || fail "$n: ARMv7/VFP instructions" "$v7"
done
