/* The BIRD prefix-file reader: prefixes, variable name, and a re-render. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plist.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plist		 l = { 0 }, again = { 0 };
	struct plist_repair	 r;
	struct strset		 known = { 0 };
	struct buf		 b = { 0 };
	char			*text, *var;

	text = xstrndup((const char *)data, size);
	plist_parse(&l, text);
	var = plist_variable(text);
	strset_add(&known, "10.189.200.255/32", 17);
	plist_repair(&l, "10.189.200.255/32", &known, size & 1, &r);
	plist_render(&b, "10.189.200.255/32", var ? var : "V", &l, "now", 1);
	/* what we write must read back as the same list */
	plist_parse(&again, b.s);
	if (again.n != l.n)
		abort();
	plist_free(&r.unknown);
	plist_free(&again);
	plist_free(&l);
	strset_free(&known);
	buf_free(&b);
	free(var);
	free(text);
	return 0;
}
