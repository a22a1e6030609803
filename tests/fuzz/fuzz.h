/* fuzz.h - shared by the libFuzzer harnesses (host build, clang, ASan+UBSan):
 * exact-size heap copies, so that a read one byte past the input is caught. */
#ifndef PK_FUZZ_H
#define PK_FUZZ_H
#include <stdint.h>
#include <stdlib.h>
#include "rt.h"
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
static inline u8 *fz_copy(const u8 *d, size_t n)
{
	u8 *c = malloc(n ? n : 1);
	if (n) __builtin_memcpy(c, d, n);
	return c;
}
#endif
