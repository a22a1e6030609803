/* mkcpio - write a newc cpio archive from a list, reproducibly: every
 * mtime 0, owners as listed, inode numbers in list order, so the same
 * inputs give the same bytes (then xz, which stores no name or time, keeps it so). A host tool.
 * The list uses the kernel's gen_init_cpio syntax (a subset):
 *   dir  NAME MODE UID GID
 *   file NAME SOURCE MODE UID GID
 *   nod  NAME MODE UID GID c|b MAJOR MINOR
 *   slink NAME TARGET MODE UID GID
 * '#' starts a comment.   mkcpio LIST > archive.cpio */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long ino = 300000, off;
static void pad(void) { while (off & 3) { putchar(0); off++; } }
static void hdr(const char *name, unsigned mode, unsigned uid, unsigned gid, unsigned long size,
		unsigned maj, unsigned min)
{
	if (*name == '/') name++;
	off += (unsigned long)printf("070701%08lX%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
		ino++, mode, uid, gid, 1u, 0u, size, 0u, 0u, maj, min, (unsigned long)strlen(name) + 1, 0u);
	fputs(name, stdout); putchar(0);
	off += strlen(name) + 1;
	pad();
}
int main(int argc, char **argv)
{
	FILE *l = argc > 1 ? fopen(argv[1], "r") : stdin;
	if (!l) { perror(argv[1]); return 1; }
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof line, l)) {
		n++;
		char *h = strchr(line, '#'); if (h) *h = 0;
		char t[16], a[512], b[512], d;
		unsigned m, u, g, maj, min;
		if (sscanf(line, "%15s", t) != 1) continue;
		if (!strcmp(t, "dir") && sscanf(line, "%*s %511s %o %u %u", a, &m, &u, &g) == 4) hdr(a, 040000 | m, u, g, 0, 0, 0);
		else if (!strcmp(t, "nod") && sscanf(line, "%*s %511s %o %u %u %c %u %u", a, &m, &u, &g, &d, &maj, &min) == 7) {
			hdr(a, (d == 'b' ? 060000u : 020000u) | m, u, g, 0, maj, min);
		} else if (!strcmp(t, "slink") && sscanf(line, "%*s %511s %511s %o %u %u", a, b, &m, &u, &g) == 5) {
			hdr(a, 0120000 | m, u, g, strlen(b), 0, 0);
			fputs(b, stdout); off += strlen(b); pad();
		} else if (!strcmp(t, "file") && sscanf(line, "%*s %511s %511s %o %u %u", a, b, &m, &u, &g) == 5) {
			FILE *f = fopen(b, "rb");
			if (!f) { perror(b); return 1; }
			fseek(f, 0, SEEK_END); long size = ftell(f); rewind(f);
			hdr(a, 0100000 | m, u, g, (unsigned long)size, 0, 0);
			char buf[65536]; size_t k;
			while ((k = fread(buf, 1, sizeof buf, f)) > 0) { fwrite(buf, 1, k, stdout); off += k; }
			fclose(f);
			pad();
		} else { fprintf(stderr, "mkcpio: line %d: cannot parse: %s", n, line); return 1; }
	}
	hdr("TRAILER!!!", 0, 0, 0, 0, 0, 0);
	while (off % 512) { putchar(0); off++; }
	return ferror(stdout) ? 1 : 0;
}
