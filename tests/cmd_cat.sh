# cat: output must be byte-identical to GNU cat, errors worded as GNU's.
cd "$W" && rm -rf cat && mkdir cat && cd cat || exit 1
printf 'hello\n' > h
printf 'no newline' > nn
: > empty
head -c 1048576 /dev/urandom > rand1m
for i in $(seq 0 255); do printf "\\$(printf %o "$i")"; done > allbytes
mkdir dir
if [ ! -f "$W/sparse" ]; then   # 300 MiB, mostly holes, data at both ends and in the middle
	truncate -s 300M "$W/sparse"
	for off in 0 157286400 314572000; do head -c 500 /dev/urandom | dd of="$W/sparse" bs=1 seek=$off conv=notrunc status=none; done
fi
cd "$W"
D=cat

t "one file" "T cat $D/h" "hello"
t "several files and stdin in the middle" "printf 'from stdin\n' | T cat $D/h - $D/nn; echo" $'hello\nfrom stdin\nno newline'
t "no operand reads stdin" "T cat < $D/h" "hello"
t "stdin from a pipe" "printf 'piped' | T cat; echo" "piped"
t "empty file" "T cat $D/empty; echo \$?" "0"
t "binary data, 1 MiB random + all 256 bytes" "T cat $D/rand1m $D/allbytes | cmp - <(command cat $D/rand1m $D/allbytes) && echo same" "same"
t "pipe to pipe, 1 MiB" "command cat $D/rand1m | T cat | cmp - $D/rand1m && echo same" "same"
t "regular stdin to a file" "T cat < $D/rand1m > out1 && cmp out1 $D/rand1m && echo same" "same"
t "file to a file (copy_file_range)" "T cat $D/rand1m $D/h > out2 && cmp out2 <(command cat $D/rand1m $D/h) && echo same" "same"
t "append to another file (O_APPEND)" "printf 'head\n' > ap && T cat $D/h $D/h >> ap && command cat ap" $'head\nhello\nhello'
t "pipe in, O_APPEND file out" "printf 'x\n' > ap2 && printf 'y\n' | T cat >> ap2 && command cat ap2" $'x\ny'
t "300 MiB sparse file to a pipe" "T cat sparse | cmp - sparse && echo same" "same"
t "300 MiB sparse file to a file" "T cat sparse > big.out && cmp big.out sparse && echo same; rm -f big.out" "same"
t "slow reader (short writes into a full pipe)" "T cat $D/rand1m | (sleep 0.3; command cat) | cmp - $D/rand1m && echo same" "same"
t "stopped and continued while writing" "T cat sparse | (sleep 0.2; pkill -STOP -f 'qemu-arm.*cat sparse'; sleep 0.2; pkill -CONT -f 'qemu-arm.*cat sparse'; command cat) | cmp - sparse && echo same" "same"
t "a /proc file (EOF reported early to sendfile)" "T cat /proc/version | cmp - /proc/version && echo same" "same"
t "missing file: message, others still copied, status 1" "T cat $D/h nofile $D/h" $'hello\nhello' "cat: nofile: No such file or directory" 1
t "directory operand" "T cat $D/dir $D/h" "hello" "cat: $D/dir: Is a directory" 1
t "unreadable file, others still copied" "chmod 000 $D/nn && AS=\$NOBODY T cat $D/nn $D/h" "hello" "cat: $D/nn: Permission denied" 1
t "/dev/full" "T cat $D/h > /dev/full" "" "cat: write error: No space left on device" 1
t "/dev/full, large input" "T cat $D/rand1m > /dev/full" "" "cat: write error: No space left on device" 1
t "closed stdout" "T cat $D/h >&-" "" "cat: standard output: Bad file descriptor" 1
t "closed stdin" "T cat <&-" "" $'cat: -: Bad file descriptor\ncat: closing standard input: Bad file descriptor' 1
t "reader goes away: killed by SIGPIPE" "T cat sparse | head -c 3 | wc -c; echo \${PIPESTATUS[0]}" $'3\n141'
t "reader goes away, SIGPIPE ignored: EPIPE" "(trap '' PIPE; T cat sparse | head -c 3 >/dev/null)" "" "cat: write error: Broken pipe" 0
t "input file is output file" "command cat $D/h > self && T cat self >> self; echo \$?; command cat self" $'1\nhello' "cat: self: input file is output file"
t "-u is accepted" "T cat -u $D/h" "hello"
t "-- ends options, - is stdin" "printf 'in\n' | T cat -- - $D/h" $'in\nhello'
t "a file named -u after --" "command cat $D/h > ./-u && T cat -- -u" "hello"
t "invalid option" "T cat -x $D/h" "" $'cat: invalid option -- \'x\'\nTry \'cat --help\' for more information.' 1
t "--help" "T cat --help | head -n 1" "Usage: cat [OPTION]... [FILE]..."

same "several files" "T cat $D/h $D/nn $D/allbytes $D/empty $D/h"
same "errors mixed with data" "T cat $D/h nofile $D/dir $D/nn"
same "stdin twice" "printf 'abc' | T cat - $D/h -"
same "/dev/full" "T cat $D/rand1m > /dev/full"
same "closed stdout" "T cat $D/h >&-"
same "input file is output file" "command cat $D/h > self2 && T cat self2 >> self2"
same "invalid option" "T cat -z"
same "300 MiB sparse file" "T cat sparse | sha256sum"
