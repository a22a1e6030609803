# ls: output identical to LC_ALL=C TZ=UTC GNU ls on generated trees.
export TZ=UTC LC_ALL=C
cd "$W" && rm -rf ls && mkdir ls && cd ls || exit 1
mkdir tree empty unread
cd tree
printf 'data\n' > plain; : > 'with space'; : > "it's"; : > "$(printf 'odd\001\177\200\377')"; : > .hidden; : > -dash
: > "$(printf 'L%.0s' $(seq 255))"
ln -s plain link; ln -s nowhere dangling; ln -s ../empty dirlink
mkfifo fifo; mknod blk b 8 1; mknod chr c 1 3; mknod bigdev c 250 1048575
timeout 5 socat UNIX-LISTEN:sock /dev/null 2>/dev/null & sleep 0.3; kill $! 2>/dev/null; wait $! 2>/dev/null
: > suid; chmod 4755 suid; : > sgid; chmod 2710 sgid; mkdir sticky; chmod 1777 sticky
: > nobodys; chown 12345:54321 nobodys
truncate -s 5G huge
touch -d '2001-02-03 04:05' old; touch -d '2099-01-01 00:00' future; touch -d '-2 days' recent
mkdir -p sub/deeper/deepest .hiddendir; : > sub/a; : > sub/deeper/b
cd ..
chmod 000 unread
mkdir big; (cd big && seq -f 'f%06g' 100000 | xargs touch)
cd "$W"
D=ls

for a in "" -1 -a -A -l -la -lA -ln -R -lR -aR -d -ld; do same "ls $a" "T ls $a $D/tree"; done
same "ls with no operand lists ." "cd $D/tree && T ls -la"
same "files first, then directories with headers" "T ls $D/tree/plain $D/empty $D/tree/sub $D/tree/link"
same "-l on file operands, devices and links" "T ls -l $D/tree/blk $D/tree/chr $D/tree/bigdev $D/tree/link $D/tree/dangling $D/tree/dirlink"
same "a symlink to a directory, as operand" "T ls $D/tree/dirlink; T ls -l $D/tree/dirlink; T ls -d $D/tree/dirlink"
same "an empty directory" "T ls -la $D/empty"
same "missing operands: status 2, the others listed" "T ls $D/tree/plain nofile $D/empty nofile2"
same "100,000 entries" "T ls $D/big"
same "100,000 entries, -l" "T ls -l $D/big | md5sum"
same "/dev -l (devices, links, owners)" "T ls -l /dev"
same "columns: -C -w 80" "T ls -C -w 80 $D/tree $D/tree/sub"
for w in 1 20 40 100 300; do same "columns: -C -w $w on 100 names" "T ls -C -w $w $D/big | head -n 40"; done
same "columns: COLUMNS=50 with -C" "COLUMNS=50 T ls -C $D/big | head -n 20"
same "unreadable directory: status 2" "AS=\$NOBODY T ls $D/unread"
same "unreadable subdirectory with -R: status 1" "AS=\$NOBODY T ls -R $D"
same "invalid option" "T ls -y $D/tree"
same "invalid width" "T ls -w x $D/tree"
same "/dev/full" "T ls -l $D/tree > /dev/full"
mine "--help" "T ls --help | head -n 1" "Usage: ls [OPTION]... [FILE]..."

# in a real terminal: columns fitted to its width (tmux, 72 columns)
if [ "${TEST_HOST:-0}" != 1 ]; then
	for who in ours gnu; do
		if [ $who = ours ]; then run="qemu-arm -cpu $CPU $ROOT/$B/bin/ls"; else run="env QEMU_LD_PREFIX=$REFROOT qemu-arm $REFROOT/bin/ls"; fi
		tmux -L pkls$who new-session -d -x 72 -y 50 -s ls "cd $W/ls/big && $run f00000* f00001*; sleep 3"
		sleep 1.5
		tmux -L pkls$who capture-pane -p -t ls > "$W/ls/pane.$who"
		tmux -L pkls$who kill-server 2>/dev/null
	done
	mine "columns in a 72-column terminal, as GNU ls" "cmp ls/pane.ours ls/pane.gnu && grep -c 'f000010' ls/pane.ours" "1"
else skip "columns in a 72-column terminal, as GNU ls" "TEST_HOST=1: ours only, no reference tool to compare"
fi
chmod 755 "$W/ls/unread"
unset TZ LC_ALL
