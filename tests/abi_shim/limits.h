/* abi_shim/limits.h - for tests/abi_check.c -DKERNEL only: the uapi
 * <linux/ethtool.h> includes libc's <limits.h> for INT_MAX, and the cross
 * toolchain has no armhf libc headers */
#define INT_MAX 0x7fffffff
