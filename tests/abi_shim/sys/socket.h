/* abi_shim/sys/socket.h - for tests/abi_check.c -DKERNEL only: the uapi
 * <linux/if.h> (so <linux/route.h>) includes libc's <sys/socket.h> for
 * struct sockaddr, and the cross toolchain has no armhf libc headers. The
 * kernel's own struct sockaddr (include/linux/socket.h, not uapi): */
struct sockaddr { unsigned short sa_family; char sa_data[14]; };
