#!/bin/sh
# deps.sh - install what the build, the tests and the benchmarks need, only
# when missing. Host tools are Debian packages; the reference tools the tests
# compare against (GNU coreutils, busybox, ... built for armhf) are Debian
# armhf packages unpacked into build/ref/root, never installed, and run
# under qemu-arm with QEMU_LD_PREFIX=build/ref/root.
set -eu
cd "$(dirname "$0")/.."
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

HOST_PKGS="make gcc libc6-dev gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf
  linux-libc-dev-armhf-cross qemu-user qemu-system-arm procps cpio clang xz-utils bsdextrautils tcpdump tshark tmux socat iproute2 util-linux iputils-ping openssl curl jq nfdump libfixbuf-tools softflowd pmacct"
REF_PKGS="libc6 coreutils busybox-static libselinux1 libpcre2-8-0 bsdextrautils libtinfo6 xxd
  tcpdump libpcap0.8 libssl3 libdbus-1-3 libsystemd0 libcap2 liblzma5 libzstd1 liblz4-1 libgcrypt20 libgpg-error0"

missing=
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
ref=build/ref
stamp="$ref/.done-$(echo $REF_PKGS | tr " " "+" | cksum | cut -d" " -f1)"
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	$SUDO dpkg --add-architecture armhf
fi
if [ -n "$missing" ] || [ ! -f "$stamp" ]; then
	# a mirror in mid-sync fails now and then: retry, then go on with the lists we have
	for try in 1 2 3; do
		$SUDO apt-get update -q >/dev/null && break
		echo "deps: apt-get update failed (try $try), retrying" >&2; sleep 5
	done
fi
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
# libFuzzer (make fuzz, the test suite's fuzz smoke) is in clang's runtime
# package, which clang only recommends: the one for the installed clang
v=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
if [ -n "$v" ] && ! dpkg-query -W -f='${Status}\n' "libclang-rt-$v-dev" 2>/dev/null | grep -q 'ok installed'; then
	echo "deps: installing libclang-rt-$v-dev"
	$SUDO apt-get install -y -q --no-install-recommends "libclang-rt-$v-dev" >/dev/null
fi
if [ ! -f "$stamp" ]; then
	echo "deps: unpacking armhf reference tools into $ref/root: $REF_PKGS"
	rm -rf "$ref"; mkdir -p "$ref/debs" "$ref/root"
	debs=
	for p in $REF_PKGS; do debs="$debs $p:armhf"; done
	# apt drops privileges to _apt for downloads: give it a folder it may write
	chmod 777 "$ref/debs"
	(cd "$ref/debs" && apt-get download -q $debs >/dev/null 2>&1 || apt-get download $debs)
	for d in "$ref"/debs/*.deb; do dpkg-deb -x "$d" "$ref/root"; done
	(cd "$ref/debs" && ls *.deb) > "$ref/versions.txt"
	touch "$stamp"
fi
echo "deps: ok ($(wc -l < "$ref/versions.txt") reference packages in $ref/root)"
