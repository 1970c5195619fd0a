#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pystr.h"
#include "pyucd.h"

/* Decode one UTF-8 code point; the input is known to be valid UTF-8. */
uint32_t
utf8_get(const unsigned char *s, size_t len, size_t *n)
{
	if (s[0] < 0x80 || len < 2) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	}
	if (s[0] < 0xf0 && len >= 3) {
		*n = 3;
		return ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) |
		    (s[2] & 0x3fu);
	}
	if (len >= 4) {
		*n = 4;
		return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
		    ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
	}
	*n = 1;
	return s[0];
}

static int
is_space_cp(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	    c == 0x85 || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Bytes taken by the whitespace character at s, or 0: str.isspace(). */
size_t
py_space(const char *s, size_t len)
{
	size_t	 n;

	if (len == 0)
		return 0;
	return is_space_cp(utf8_get((const unsigned char *)s, len, &n)) ?
	    n : 0;
}

const char *
py_lstrip(const char *s, size_t len, size_t *outlen)
{
	size_t	 n;

	while (len > 0 && (n = py_space(s, len)) > 0) {
		s += n;
		len -= n;
	}
	*outlen = len;
	return s;
}

/* Length of s once str.rstrip() has taken its trailing whitespace. */
size_t
py_rstrip(const char *s, size_t len)
{
	size_t	 i, n, end = 0;

	for (i = 0; i < len; i += n) {
		n = py_space(s + i, len - i);
		if (n == 0) {
			utf8_get((const unsigned char *)s + i, len - i, &n);
			end = i + n;
		}
	}
	return end;
}

/* str.strip(): whitespace off both ends, by code points. */
const char *
py_strip(const char *s, size_t len, size_t *outlen)
{
	s = py_lstrip(s, len, &len);
	*outlen = py_rstrip(s, len);
	return s;
}

char *
py_strip_dup(const char *s)
{
	size_t	 len;
	const char *p = py_strip(s, strlen(s), &len);

	return xstrndup(p, len);
}

/* Characters of leading whitespace, as configparser measures indent. */
size_t
py_indent(const char *s, size_t len)
{
	size_t	 n, count = 0;

	while (len > 0 && (n = py_space(s, len)) > 0) {
		s += n;
		len -= n;
		count++;
	}
	return count;
}

/*
 * repr() of a str, cut to at most maxchars characters (0: no limit) the
 * way CPython's "%.200R" does: the cut may drop the closing quote.
 */
void
py_repr_trunc(struct buf *b, const char *s, size_t len, size_t maxchars)
{
	struct buf	 r = { 0 };
	const unsigned char *u = (const unsigned char *)s;
	char		 quote = '\'';
	size_t		 i, n, chars = 0;
	uint32_t	 c;

	if (memchr(s, '\'', len) != NULL && memchr(s, '"', len) == NULL)
		quote = '"';
	buf_addc(&r, quote);
	for (i = 0; i < len; i += n) {
		c = utf8_get(u + i, len - i, &n);
		if (c == (uint32_t)quote || c == '\\') {
			buf_addc(&r, '\\');
			buf_addc(&r, (char)c);
		} else if (c == '\t')
			buf_add(&r, "\\t");
		else if (c == '\n')
			buf_add(&r, "\\n");
		else if (c == '\r')
			buf_add(&r, "\\r");
		else if (pyucd_printable(c))
			buf_addn(&r, s + i, n);
		else if (c < 0x100)
			buf_addf(&r, "\\x%02x", c);
		else if (c < 0x10000)
			buf_addf(&r, "\\u%04x", c);
		else
			buf_addf(&r, "\\U%08x", c);
	}
	buf_addc(&r, quote);

	if (maxchars == 0) {
		buf_addn(b, r.s, r.len);
	} else {
		for (i = 0; i < r.len && chars < maxchars; i += n, chars++)
			utf8_get((unsigned char *)r.s + i, r.len - i, &n);
		buf_addn(b, r.s, i);
	}
	buf_free(&r);
}

void
py_repr(struct buf *b, const char *s, size_t len)
{
	py_repr_trunc(b, s, len, 0);
}

void
py_repr_str(struct buf *b, const char *s)
{
	py_repr_trunc(b, s, strlen(s), 0);
}

/*
 * Copy the digits of a Python numeric literal without its underscores,
 * which are allowed only singly and between two digits.
 */
static int
strip_underscores(const char *s, char *out, size_t outsz)
{
	size_t	 o = 0;

	for (; *s != '\0'; s++) {
		if (*s == '_') {
			if (o == 0 || !isdigit((unsigned char)out[o - 1]) ||
			    !isdigit((unsigned char)s[1]))
				return -1;
			continue;
		}
		if (o + 1 >= outsz)
			return -1;
		out[o++] = *s;
	}
	out[o] = '\0';
	return 0;
}

/* int(s): base 10, sign, surrounding whitespace, digit underscores. */
int
py_int(const char *s, long long *out, long long *digits)
{
	char		*t, *p;
	size_t		 len;
	const char	*st;
	int		 neg = 0, rc = -1;
	long long	 v = 0, ndigits;
	size_t		 run, i;
	char		*a = py_decimal_ascii(s);

	st = py_strip(a, strlen(a), &len);
	t = xstrndup(st, len);
	free(a);
	p = t;
	if (*p == '+' || *p == '-')
		neg = (*p++ == '-');
	if (!isdigit((unsigned char)*p))
		goto out;
	/*
	 * CPython reads the run of digits and underscores, then applies its
	 * digit limit (CVE-2020-10735), and only then looks at what follows.
	 */
	run = strspn(p, "0123456789_");
	for (i = 0, ndigits = 0; i < run; i++)
		ndigits += p[i] != '_';
	if (strstr(p, "__") != NULL && strstr(p, "__") < p + run)
		goto out;
	if (p[run - 1] == '_')
		goto out;
	if (ndigits > PY_INT_MAX_STR_DIGITS) {
		if (digits != NULL)
			*digits = ndigits;
		rc = -2;
		goto out;
	}
	if (p[run] != '\0' || strip_underscores(p, p, strlen(p) + 1) == -1)
		goto out;
	for (; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p))
			goto out;
		/* Python's ints are unbounded; saturate, the value is valid. */
		if (v > (LLONG_MAX - 9) / 10)
			v = LLONG_MAX;
		else
			v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	rc = 0;
out:
	free(t);
	return rc;
}

/*
 * float(s): decimal literals with optional exponent, "inf", "infinity"
 * and "nan" in any case; not the hex forms strtod() would take.
 */
int
py_float(const char *s, double *out)
{
	char		*t, *p, *clean = NULL, *end;
	size_t		 len;
	const char	*st;
	int		 rc = -1, digits = 0;

	char		*a = py_decimal_ascii(s);

	st = py_strip(a, strlen(a), &len);
	t = xstrndup(st, len);
	free(a);
	p = t;
	if (*p == '+' || *p == '-')
		p++;
	if (strcasecmp(p, "inf") == 0 || strcasecmp(p, "infinity") == 0 ||
	    strcasecmp(p, "nan") == 0) {
		*out = strtod(t, NULL);
		rc = 0;
		goto out;
	}
	for (; isdigit((unsigned char)*p) || *p == '_'; p++)
		digits += *p != '_';
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p) || *p == '_'; p++)
			digits += *p != '_';
	if (digits == 0)
		goto out;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			goto out;
		while (isdigit((unsigned char)*p) || *p == '_')
			p++;
	}
	if (*p != '\0')
		goto out;
	clean = xstrdup(t);
	/* Underscores may not touch the '.', the 'e' or each other. */
	if (strip_underscores(t, clean, strlen(t) + 1) == -1)
		goto out;
	errno = 0;
	*out = strtod(clean, &end);
	if (*end != '\0')
		goto out;
	rc = 0;
out:
	free(clean);
	free(t);
	return rc;
}

/*
 * repr(float): the shortest digits that read back as d, in fixed notation
 * unless the exponent is below -4 or 16 and up.  go_style adds the rule
 * of Go's formatting that prometheus_client copies: a positive number
 * with more than six digits before the point takes an exponent too.
 */
void
py_float_format(struct buf *b, double d, int go_style)
{
	char	 s[64], digits[32], *e;
	int	 prec, exp, ndig = 0, i, dot;

	if (isinf(d) || isnan(d)) {
		buf_add(b, isnan(d) ? "nan" : d > 0 ? "inf" : "-inf");
		return;
	}
	for (prec = 0; prec < 17; prec++) {
		snprintf(s, sizeof(s), "%.*e", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	/* s is "-D.DDDe+XX": take the digits and the exponent apart */
	e = strchr(s, 'e');
	exp = atoi(e + 1);
	*e = '\0';
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] >= '0' && s[i] <= '9')
			digits[ndig++] = s[i];
	digits[ndig] = '\0';
	if (signbit(d))
		buf_addc(b, '-');
	if (exp >= 16 || exp < -4 || (go_style && d > 0 && exp + 1 > 6)) {
		buf_addc(b, digits[0]);
		if (ndig > 1)
			buf_addf(b, ".%s", digits + 1);
		buf_addf(b, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	if (exp < 0) {
		buf_add(b, "0.");
		for (i = -1; i > exp; i--)
			buf_addc(b, '0');
		buf_add(b, digits);
		return;
	}
	dot = exp + 1;
	for (i = 0; i < dot; i++)
		buf_addc(b, i < ndig ? digits[i] : '0');
	buf_addc(b, '.');
	buf_add(b, ndig > dot ? digits + dot : "0");
}

/* configparser's BOOLEAN_STATES. */
int
py_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	size_t	 i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* str(OSError(errno, strerror, filename)). */
void
py_oserror(struct buf *b, int err, const char *filename)
{
	buf_addf(b, "[Errno %d] %s", err, strerror(err));
	if (filename != NULL) {
		buf_add(b, ": ");
		py_repr_str(b, filename);
	}
}

/*
 * Where the decoder's input began when it met the error whose sequence
 * starts at i and whose offending byte is at det.  Python's TextIOWrapper
 * decodes the file in reads of 8192 bytes, carrying a sequence cut at
 * the end of one read over to the next, so positions count from there.
 */
static size_t
chunk_base(const unsigned char *u, size_t i, size_t det, int at_eof)
{
	size_t		 b, s;
	unsigned char	 lead;

	if (at_eof)
		return i;
	b = det / PY_READ_CHUNK * PY_READ_CHUNK;
	if (i < b)
		return i;
	/* a sequence begun in the read before and finished in this one */
	for (s = b; s > 0 && b - s < 3; s--) {
		lead = u[s - 1];
		if (lead < 0x80)
			break;
		if (lead >= 0xc0)
			return s - 1 + (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 :
			    2) > b ? s - 1 : b;
	}
	return b;
}

/*
 * Validate UTF-8 as CPython's decoder does, and on failure describe the
 * first error in the words of its UnicodeDecodeError.
 */
int
py_utf8_check(const char *s, size_t len, struct buf *err)
{
	const unsigned char *u = (const unsigned char *)s;
	const char	*why;
	size_t		 i = 0, need, k, det, base;
	unsigned char	 lo, hi;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (u[i] >= 0xc2 && u[i] <= 0xdf)
			need = 1;
		else if (u[i] >= 0xe0 && u[i] <= 0xef) {
			need = 2;
			if (u[i] == 0xe0)
				lo = 0xa0;
			if (u[i] == 0xed)
				hi = 0x9f;
		} else if (u[i] >= 0xf0 && u[i] <= 0xf4) {
			need = 3;
			if (u[i] == 0xf0)
				lo = 0x90;
			if (u[i] == 0xf4)
				hi = 0x8f;
		} else {
			why = "invalid start byte";
			k = 1;
			base = chunk_base(u, i, i, 0);
			goto bad;
		}
		for (k = 1; k <= need; k++) {
			if (i + k >= len) {
				/* the error covers what is left */
				why = "unexpected end of data";
				k = len - i;
				base = chunk_base(u, i, len, 1);
				goto bad;
			}
			if (u[i + k] < (k == 1 ? lo : 0x80) ||
			    u[i + k] > (k == 1 ? hi : 0xbf)) {
				/* the error covers the valid start of it */
				why = "invalid continuation byte";
				det = i + k;
				base = chunk_base(u, i, det, 0);
				goto bad;
			}
		}
		i += need + 1;
	}
	return 0;
bad:
	if (k <= 1)
		buf_addf(err, "'utf-8' codec can't decode byte 0x%02x in "
		    "position %zu: %s", u[i], i - base, why);
	else
		buf_addf(err, "'utf-8' codec can't decode bytes in position "
		    "%zu-%zu: %s", i - base, i - base + k - 1, why);
	return -1;
}

/* repr() of bytes: b'...', printable ASCII as is, the rest escaped. */
void
py_repr_bytes(struct buf *b, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	char	 quote = '\'';
	size_t	 i;

	if (memchr(s, '\'', len) != NULL && memchr(s, '"', len) == NULL)
		quote = '"';
	buf_addc(b, 'b');
	buf_addc(b, quote);
	for (i = 0; i < len; i++) {
		if (u[i] == (unsigned char)quote || u[i] == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)u[i]);
		} else if (u[i] == '\t')
			buf_add(b, "\\t");
		else if (u[i] == '\n')
			buf_add(b, "\\n");
		else if (u[i] == '\r')
			buf_add(b, "\\r");
		else if (u[i] < 0x20 || u[i] >= 0x7f)
			buf_addf(b, "\\x%02x", u[i]);
		else
			buf_addc(b, (char)u[i]);
	}
	buf_addc(b, quote);
}
