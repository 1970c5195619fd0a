/* The shlex splitter, and that joining what it split splits the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shlex.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 err = { 0 }, q = { 0 };
	char		**argv, **again, *s;
	size_t		 argc, n, i;

	s = xstrndup((const char *)data, size);
	if (shlex_split(s, &argv, &argc, &err) == 0) {
		/* quote every word with '...' and split again */
		for (i = 0; i < argc; i++) {
			buf_add(&q, i ? " '" : "'");
			for (const char *p = argv[i]; *p; p++) {
				if (*p == '\'')
					buf_add(&q, "'\\''");
				else
					buf_addc(&q, *p);
			}
			buf_addc(&q, '\'');
		}
		if (shlex_split(q.s ? q.s : "", &again, &n, &err) != 0 ||
		    n != argc)
			abort();
		for (i = 0; i < argc; i++)
			if (strcmp(argv[i], again[i]) != 0)
				abort();
		shlex_free(again);
		shlex_free(argv);
	}
	buf_free(&q);
	buf_free(&err);
	free(s);
	return 0;
}
