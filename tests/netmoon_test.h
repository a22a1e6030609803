/* netmoon_test.h - what the two files of netmoon_test share: the check
 * counter, the random numbers, the addresses of the test frames. */
#ifndef PK_NETMOON_TEST_H
#define PK_NETMOON_TEST_H
#include "net.h"
#include <stdio.h>

/* glibc, declared by hand: <arpa/inet.h> would clash with proto.h's names */
void *malloc(size_t);
void free(void *);
const char *inet_ntop(int af, const void *src, char *dst, u32 size);
char *strstr(const char *, const char *);
enum { GLIBC_AF_INET6 = 10 };

void check(int ok, const char *what);
/* a fresh table of cap entries for a test; the connections that end are
   kept in e (the first 64) */
struct ended { int n, reason[64]; struct conn c[64]; };
void test_table(struct table *t, void **mem, struct ended *e, u32 cap, u64 idle);
u64 rnd(void);
/* a heap copy of exactly n bytes (ASan sees a read past it); free it */
u8 *heap_copy(const void *b, u32 n);
extern const u8 A4[4], B4[4], A6[16], B6[16];   /* client and server */

void test_decode(void);                         /* decode_test.c */
void test_analyze(void);                        /* analyze_test.c */
void test_names(void);                          /* name_test.c */
void test_owner(void);                          /* owner_test.c */
#endif
