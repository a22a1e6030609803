#!/bin/sh
# initramfs.sh OUT [EXTRA]... - the gzip'd newc cpio that boots the toolkit:
# /init is init, every other command is in /bin, /etc/inittab from boot/,
# /dev/console made so the kernel can give init a console before /dev is
# mounted. EXTRA lines (mkcpio list syntax) add files, for the boot test.
# Reproducible: mkcpio fixes mtimes, owners and inode numbers; gzip -n
# leaves out the name and time.
set -eu
out=$1; shift
B=${B:-build}
list=$out.list
{
	for d in /bin /dev /etc /proc /sys; do echo "dir $d 0755 0 0"; done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $B/bin/init 0755 0 0"
	for b in "$B"/bin/*; do
		[ "${b##*/}" = init ] || echo "file /bin/${b##*/} $b 0755 0 0"
	done
	echo "file /etc/inittab boot/inittab 0644 0 0"
	for x in "$@"; do echo "$x"; done
} > "$list"
"$B/host/mkcpio" "$list" | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
