# hexdump: the -C layout byte-identical to util-linux hexdump -C.
cd "$W" && rm -rf hd && mkdir hd && cd hd || exit 1
: > empty
for n in 1 15 16 17 31 32 33 100; do head -c $n /dev/urandom > r$n; done
head -c 102400 /dev/urandom > r100k
head -c 40 /dev/zero > z40
head -c 48 /dev/zero > z48
{ head -c 64 /dev/zero; printf 'AAAAAAAAAAAAAAAA%.0s' 1 2 3; head -c 32 /dev/zero; printf 'tail'; } > runs
{ printf 'abcdefghijklmnop%.0s' $(seq 50); printf 'abcdefghijklmnoq'; printf 'abcdefghijklmnop%.0s' 1 2; } > reps
for i in $(seq 0 255); do printf "\\$(printf %o "$i")"; done > all
printf 'ab' > ab
mkdir dir
truncate -s 5G big5g; printf 'high' | dd of=big5g bs=1 seek=4294967300 conv=notrunc status=none
cd "$W"
D=hd

t "a short line" "printf 'Hello\n' | T hexdump -C" \
	"00000000  48 65 6c 6c 6f 0a                                 |Hello.|
00000006"
t "empty input prints nothing" "T hexdump -C $D/empty; echo \$?" "0"
t "runs of identical lines collapse to *" "T hexdump -C $D/z40" \
	"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
*
00000020  00 00 00 00 00 00 00 00                           |........|
00000028"
mine "default layout is -C (util-linux: -x)" "T hexdump $D/ab" "00000000  61 62                                             |ab|
00000002"
for f in empty r1 r15 r16 r17 r31 r32 r33 r100 r100k z40 z48 runs reps all; do
	same "-C $f" "T hexdump -C $D/$f"
done
same "-v shows every line" "T hexdump -vC $D/runs"
same "a size whose fraction overflows (found by fuzzing: it was a division by zero)" \
	"T hexdump -C -n 4.000000000000000000000000000000000000000000000000000000059482000059482K $D/ab"
same "several files are one stream" "T hexdump -C $D/r17 $D/r15 $D/z40 $D/r1 $D/z48"
mine "- is stdin (util-linux has no such operand)" "printf 'in' | T hexdump -C $D/ab - $D/ab" \
	"00000000  61 62 69 6e 61 62                                 |abinab|
00000006"
same "stdin from a pipe, 100 KiB" "command cat $D/r100k | T hexdump -C"
for a in "-n 0" "-n 20" "-n 1K" "-n 1k" "-n 1KiB" "-n 1kb" "-n 0x30" "-n 010" "-n 1.3K" "-n 1.25K" "-n ' 5'" \
	"-s 3" "-s 16" "-s 100" "-s 102400" "-s 2K -n 100" "-s 0x11 -n 0x21" "-n 1M" "-s 1.5K -n 33"; do
	same "$a" "T hexdump -C $a $D/r100k"
done
same "-s across files" "T hexdump -C -s 3 $D/ab $D/ab $D/r17"
same "-s past the end of every file" "T hexdump -C -s 1000 $D/ab $D/r17"
same "-n across files" "T hexdump -C -n 20 $D/r17 $D/r17"
# util-linux armhf seeks with a 32-bit offset and fails here: the host's 64-bit build is the reference
mine "offsets past 4 GiB (as the host's util-linux)" "T hexdump -C -s 4294967280 -n 64 $D/big5g" "$(cd "$W" && command hexdump -C -s 4294967280 -n 64 $D/big5g)"
mine "-s 4G with a suffix (as the host's util-linux)" "T hexdump -C -s 4G -n 32 $D/big5g" "$(cd "$W" && command hexdump -C -s 4G -n 32 $D/big5g)"
mine "-s on a pipe skips by reading (util-linux cannot seek a pipe)" "printf '0123456789abcdefXYZ' | T hexdump -C -s 16" \
	"00000010  58 59 5a                                          |XYZ|
00000013"
for a in "-n 1x" "-n -1" "-n ''" "-n 1b" "-n 2KIB" "-n 5K5" "-n 1.5" "-s x" "-s -5" "-n 99999999999999999999" "-n 99999999999E"; do
	same "bad size $a" "T hexdump -C $a $D/ab"
done
same "missing file among others" "T hexdump -C $D/ab nofile $D/ab"
same "every file missing" "T hexdump -C nofile1 nofile2"
same "unreadable file" "chmod 000 $D/ab; AS=\$NOBODY T hexdump -C $D/ab $D/z40; chmod 644 $D/ab"
mine "/dev/full (util-linux omits the reason)" "T hexdump -C $D/r100k > /dev/full" "" "hexdump: write error: No space left on device" 1
same "invalid option" "T hexdump -C -q $D/ab"
mine "a directory is an error, status 1 (util-linux says 0)" "T hexdump -C $D/dir $D/ab" \
	"00000000  61 62                                             |ab|
00000002" "hexdump: $D/dir: Is a directory" 1
t "--help" "T hexdump --help | head -n 3" "
Usage:
 hexdump [options] <file>..."
