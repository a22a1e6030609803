#!/bin/sh
# initramfs.sh OUT [EXTRA]... - the gzip'd newc cpio that boots the toolkit:
# /init is the one binary holding every command (rt/multi.c, Thumb code),
# /bin/NAME a symbolic link to it for each command (no /etc/inittab: init's
# built-in default, wait sysinfo then respawn netmoon, is the only copy),
# /dev/console made so the kernel can give init a console before /dev is
# mounted. EXTRA lines (mkcpio list syntax) add files, for the boot test.
# Reproducible: mkcpio fixes mtimes, owners and inode numbers; zopfli (or,
# without it, gzip -9n) writes no name or time. zopfli is gzip's format,
# squeezed harder: about 2% smaller, which the 48 KiB target needs.
set -eu
out=$1; shift
B=${B:-build}
list=$out.list
{
	for d in /bin /dev /etc /proc /sys; do echo "dir $d 0755 0 0"; done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $B/multi/pk 0755 0 0"
	for c in $(cd cmds && ls | sed 's/\.c$//'); do
		[ "$c" = init ] || echo "slink /bin/$c /init 0777 0 0"
	done
	for x in "$@"; do echo "$x"; done
} > "$list"
"$B/host/mkcpio" "$list" > "$out.cpio"
if command -v zopfli > /dev/null; then zopfli -c --i15 "$out.cpio" > "$out.tmp"; else gzip -9n < "$out.cpio" > "$out.tmp"; fi
rm -f "$out.cpio"
mv "$out.tmp" "$out"
