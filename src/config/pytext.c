/*
 * Python's Unicode-aware str methods where upstream's config handling
 * uses them: configparser lower()s option names, logging's level is
 * looked up by upper(), and int() and float() read every Unicode decimal
 * digit.  So "ınfo" is a log level, "３" a number, and a key written with
 * U+212A KELVIN SIGN names check_cmd.
 */

#include <stdlib.h>
#include <string.h>

#include "pystr.h"
#include "pyucd.h"

static void
utf8_put(struct buf *b, uint32_t c)
{
	if (c < 0x80)
		buf_addc(b, (char)c);
	else if (c < 0x800) {
		buf_addc(b, (char)(0xc0 | (c >> 6)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xe0 | (c >> 12)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | (c >> 18)));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* Full case mapping; Greek final sigma, a rule of context, is left out. */
static char *
recase(const char *s, size_t (*fn)(uint32_t, uint32_t[3]))
{
	struct buf	 b = { 0 };
	const unsigned char *u = (const unsigned char *)s;
	size_t		 len = strlen(s), i, n, k, m;
	uint32_t	 to[3];

	buf_add(&b, "");
	for (i = 0; i < len; i += n) {
		m = fn(utf8_get(u + i, len - i, &n), to);
		for (k = 0; k < m; k++)
			utf8_put(&b, to[k]);
	}
	return b.s;
}

char *
py_lower(const char *s)
{
	return recase(s, pyucd_lower);
}

char *
py_upper(const char *s)
{
	return recase(s, pyucd_upper);
}

/*
 * What int() and float() parse: other decimal digits as ASCII ones,
 * other whitespace as a space, anything else beyond ASCII as '?', which
 * no number has (CPython's _PyUnicode_TransformDecimalAndSpaceToASCII).
 */
char *
py_decimal_ascii(const char *s)
{
	struct buf	 b = { 0 };
	const unsigned char *u = (const unsigned char *)s;
	size_t		 len = strlen(s), i, n;
	uint32_t	 c;
	int		 d;

	buf_add(&b, "");
	for (i = 0; i < len; i += n) {
		c = utf8_get(u + i, len - i, &n);
		if (c < 0x80)
			buf_addc(&b, (char)c);
		else if ((d = pyucd_decimal(c)) >= 0)
			buf_addc(&b, (char)('0' + d));
		else if (py_space(s + i, len - i) > 0)
			buf_addc(&b, ' ');
		else
			buf_addc(&b, '?');
	}
	return b.s;
}
