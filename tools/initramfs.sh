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
#
# MODULES="NAME[,PARAM=VALUE]... ..." adds kernel modules from the Debian
# kernel tools/kernel.sh fetches: each named one and every module it
# depends on (the "depends=" of each .ko's .modinfo section; the package
# ships no modules.dep), as /lib/modules/NAME.ko, and /etc/modules listing
# them in load order, dependencies first, each with its parameters (init
# loads them at boot). A name may be written with - or _. Without MODULES
# the image is exactly the one without modules.
set -eu
out=$1; shift
B=${B:-build}
list=$out.list
MODULES=${MODULES:-}
mods=                     # "name path" lines, load order
if [ -n "$MODULES" ]; then
	tools/kernel.sh > /dev/null
	K=$B/kernel/modules
	index=$out.index
	find "$K/kernel" -name '*.ko' | sed 's|.*/\([^/]*\)\.ko$|\1 &|; s|^\([^ ]*\)|\1|' |
		awk '{ n = $1; gsub(/-/, "_", n); print n, $2 }' | LC_ALL=C sort > "$index"
	depends() {   # the modules a .ko depends on, one a line
		arm-linux-gnueabihf-objcopy -O binary --only-section=.modinfo "$1" "$out.modinfo"
		tr '\000' '\n' < "$out.modinfo" | sed -n 's/^depends=//p' | tr ',' '\n' | tr '-' '_' | grep . || true
	}
	done_=" " busy=" "
	visit() {     # depth first: dependencies, then the module
		local m=$1 p d
		case $done_ in *" $m "*) return 0 ;; esac
		case $busy in *" $m "*) echo "initramfs: modules depend on each other in a circle at $m" >&2; exit 1 ;; esac
		p=$(awk -v m="$m" '$1 == m { print $2; exit }' "$index")
		if [ -z "$p" ]; then
			if grep -q "/$(echo "$m" | sed 's/_/[-_]/g')\.ko\$" "$K/modules.builtin" 2>/dev/null; then
				echo "initramfs: $m is built into the kernel: nothing to load" >&2; return 0
			fi
			echo "initramfs: no module $m in $(cat "$B/kernel/version") ($K)" >&2; exit 1
		fi
		busy="$busy$m "
		for d in $(depends "$p"); do visit "$d"; done
		done_="$done_$m "
		mods="$mods$m $p
"
	}
	for spec in $MODULES; do visit "$(echo "${spec%%,*}" | tr '-' '_')"; done
	# /etc/modules: the load order, a requested module with its parameters
	: > "$out.etcmodules"
	echo "$mods" | while read -r m p; do
		[ -n "$m" ] || continue
		prm=
		for spec in $MODULES; do
			if [ "$(echo "${spec%%,*}" | tr '-' '_')" = "$m" ]; then
				case $spec in *,*) prm=" $(echo "${spec#*,}" | tr ',' ' ')" ;; esac
			fi
		done
		echo "$m$prm" >> "$out.etcmodules"
	done
	rm -f "$index" "$out.modinfo"
fi
{
	for d in /bin /dev /etc /proc /sys; do echo "dir $d 0755 0 0"; done
	if [ -n "$MODULES" ]; then
		echo "dir /lib 0755 0 0"; echo "dir /lib/modules 0755 0 0"
		echo "$mods" | while read -r m p; do if [ -n "$m" ]; then echo "file /lib/modules/$m.ko $p 0644 0 0"; fi; done
		echo "file /etc/modules $out.etcmodules 0644 0 0"
	fi
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $B/multi/pk 0755 0 0"
	for c in $(cd cmds && ls | sed 's/\.c$//'); do
		[ "$c" = init ] || echo "slink /bin/$c /init 0777 0 0"
	done
	for x in "$@"; do echo "$x"; done
} > "$list"
"$B/host/mkcpio" "$list" > "$out.cpio"
xz --format=xz --check=crc32 --armthumb --lzma2=preset=9e,dict=128KiB,lc=2,lp=1,pb=1 -c "$out.cpio" > "$out.tmp"
rm -f "$out.cpio" "$out.etcmodules"
mv "$out.tmp" "$out"
