#!/bin/sh
# kernel.sh - fetch a real ARM kernel from Debian once, into $B/kernel:
# the current linux-image-armmp:armhf (whatever version the archive has
# today; old versions leave it), its vmlinuz, its modules (the tree under
# lib/modules/VERSION, for make initramfs MODULES=...) and the version used.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
k=$B/kernel
[ -s "$k/vmlinuz" ] && [ -d "$k/modules/kernel" ] && { echo "kernel: $(cat "$k/version") (cached in $k)"; exit 0; }
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
dpkg --print-foreign-architectures | grep -qx armhf || { $SUDO dpkg --add-architecture armhf; $SUDO apt-get update -q >/dev/null; }
pkg=$(apt-cache depends linux-image-armmp:armhf 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n 1)
if [ -z "$pkg" ]; then
	$SUDO apt-get update -q >/dev/null
	pkg=$(apt-cache depends linux-image-armmp:armhf | sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n 1)
fi
[ -n "$pkg" ] || { echo "kernel: cannot find linux-image-armmp:armhf in the apt lists" >&2; exit 1; }
rm -rf "$k"; mkdir -p "$k/deb"; chmod 777 "$k/deb"
(cd "$k/deb" && apt-get download -q "$pkg:armhf" >/dev/null 2>&1 || apt-get download "$pkg:armhf")
dpkg-deb -x "$k"/deb/*.deb "$k/root"
cp "$k"/root/boot/vmlinuz-* "$k/vmlinuz"
mv "$k"/root/lib/modules/* "$k/modules"
echo "$(cd "$k/deb" && ls *.deb)" > "$k/version"
rm -rf "$k/deb" "$k/root"
echo "kernel: $(cat "$k/version") in $k/vmlinuz"
