# stat: GNU coreutils' layout (TZ=UTC LC_ALL=C), from statx with the birth time.
export TZ=UTC LC_ALL=C
cd "$W" && rm -rf st && mkdir st && cd st || exit 1
printf 'hello\n' > file; : > empty; truncate -s 5G sparse
mkdir dir emptydir; ln -s file link; ln -s nowhere dangling; ln -s dir dirlink
mkfifo fifo; mknod blk b 8 1; mknod chr c 1 3
timeout 5 socat UNIX-LISTEN:sock /dev/null 2>/dev/null & sleep 0.3; kill $! 2>/dev/null; wait $! 2>/dev/null
touch suid sgid sticky other 'with space' "it's" 'tab	name' "$(printf 'odd\001byte')"
chmod 4755 suid; chmod 2745 sgid; chmod 1777 sticky; chown 12345:54321 other
touch -d '2001-02-03 04:05:06.123456789' file
cd "$W"
files="file empty sparse dir emptydir link dangling dirlink fifo blk chr suid sgid sticky other"
[ -S st/sock ] && files="$files sock"
gnu stat st/* > /dev/null 2>&1   # read every link once, so atimes settle before comparing
for f in $files; do same "stat $f" "T stat st/$f"; done
same "stat -L on links" "T stat -L st/link st/dirlink"
same "stat -L on a dangling link" "T stat -L st/dangling"
same "odd names in the File line" "T stat st/'with space' st/\"it's\" st/'tab	name' st/\$(printf 'odd\\001byte')"
same "several operands, one missing" "T stat st/file nofile st/dir"
same "missing operand" "T stat"
same "invalid option" "T stat -k st/file"
same "a device file of the system" "T stat /dev/null"
same "terse" "T stat -t st/file st/chr st/dir st/link"
same "-c with every directive" "T stat -c '%n|%N|%s|%b|%B|%o|%f|%F|%a|%A|%u|%U|%g|%G|%i|%h|%d|%D|%Hd|%Ld|%r|%Hr|%Lr|%t|%T|%x|%X|%y|%Y|%z|%Z|%w|%W' st/file st/link st/chr st/other"
same "-c widths and flags" "T stat -c '[%10s][%-10s][%010s][%5a][%-8U]' st/file"
same "--printf escapes, no newline" "T stat --printf='%n\\t%s\\n\\101\\\\' st/file st/empty"
same "--format=" "T stat --format='%F' st/fifo st/blk st/sparse st/empty"
same "/dev/full" "T stat st/file > /dev/full"
mine "--help" "T stat --help | head -n 1" "Usage: stat [OPTION]... FILE..."
# without statx (an old kernel): fstatat64, the same except an unknown birth
mine "fstatat64 fallback: identical but Birth" \
	"PK_NO_STATX=1 T stat st/file st/chr st/link | cmp - <(gnu stat st/file st/chr st/link | sed 's/^ Birth: .*/ Birth: -/') && echo same" "same"
mine "fstatat64 fallback: %W is 0" "PK_NO_STATX=1 T stat -c '%w %W' st/file" "- 0"
unset TZ LC_ALL
