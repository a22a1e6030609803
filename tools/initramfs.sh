#!/bin/sh
# initramfs.sh OUT [EXTRA]... - the xz'd newc cpio that boots the toolkit:
# /init is the one binary holding every command (rt/multi.c, Thumb code),
# /bin/NAME a symbolic link to it for each command (no /etc/inittab: init's
# built-in default, wait sysinfo then respawn netmoon, is the only copy),
# /dev/console made so the kernel can give init a console before /dev is
# mounted. EXTRA lines (mkcpio list syntax) add files, for the boot test.
# Reproducible: mkcpio fixes mtimes, owners and inode numbers; xz writes no
# name or time. xz as the kernel takes it (CRC32 check; a small dictionary,
# the whole cpio fits in it) with the ARM-Thumb branch filter before LZMA2
# (the Thumb code's call addresses made relative, so repeated calls look
# alike): 12% smaller than zopfli's gzip, which the 48 KiB target needs since
# netmoon's TCP analysis. Kernels need CONFIG_RD_XZ and CONFIG_XZ_DEC_ARMTHUMB
# (Debian's armmp has both; so do Raspberry Pi's).
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
xz --format=xz --check=crc32 --armthumb --lzma2=preset=9e,dict=128KiB,lc=2,lp=1,pb=1 -c "$out.cpio" > "$out.tmp"
rm -f "$out.cpio"
mv "$out.tmp" "$out"
