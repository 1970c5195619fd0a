#include <sys/socket.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefix.h"
#include "util.h"

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Length of a mask of leading ones, or -1 if it is not one. */
static int
mask_len(const unsigned char *m, size_t n)
{
	size_t	 i;
	int	 len = 0, bit, seen_zero = 0;

	for (i = 0; i < n; i++)
		for (bit = 7; bit >= 0; bit--) {
			if (m[i] & (1 << bit)) {
				if (seen_zero)
					return -1;
				len++;
			} else
				seen_zero = 1;
		}
	return len;
}

static int
parse_len(const char *s, int family, unsigned int *len)
{
	unsigned char	 m[4];
	unsigned int	 max = family == AF_INET ? 32 : 128;
	size_t		 i;
	int		 l;

	if (all_digits(s)) {
		while (s[0] == '0' && s[1] != '\0')
			s++;
		if (strlen(s) > 3 || strtoul(s, NULL, 10) > max)
			return -1;
		*len = (unsigned int)strtoul(s, NULL, 10);
		return 0;
	}
	if (family != AF_INET || inet_pton(AF_INET, s, m) != 1)
		return -1;
	if ((l = mask_len(m, 4)) >= 0) {
		*len = (unsigned int)l;
		return 0;
	}
	for (i = 0; i < 4; i++)
		m[i] = (unsigned char)~m[i];
	if ((l = mask_len(m, 4)) >= 0) {
		*len = (unsigned int)l;
		return 0;
	}
	return -1;
}

static int
host_bits_clear(const struct prefix *p)
{
	size_t	 n = p->family == AF_INET ? 4 : 16, i;
	unsigned int bits;

	for (i = 0; i < n; i++) {
		bits = p->len > i * 8 ? p->len - i * 8 : 0;
		if (bits >= 8)
			continue;
		if (p->addr[i] & (0xff >> bits))
			return 0;
	}
	return 1;
}

static int
parse_family(const char *s, int family, struct prefix *p)
{
	char		 addr[PREFIX_STRLEN];
	const char	*slash, *pct;
	size_t		 alen;

	memset(p, 0, sizeof(*p));
	p->family = family;
	slash = strchr(s, '/');
	if (slash != NULL && strchr(slash + 1, '/') != NULL)
		return -1;
	alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen >= sizeof(addr))
		return -1;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (family == AF_INET6 && (pct = strchr(addr, '%')) != NULL) {
		if (pct[1] == '\0' || strchr(pct + 1, '%') != NULL ||
		    strlen(pct + 1) >= sizeof(p->scope))
			return -1;
		strlcpy(p->scope, pct + 1, sizeof(p->scope));
		addr[pct - addr] = '\0';
	}
	if (inet_pton(family, addr, p->addr) != 1)
		return -1;
	if (slash == NULL)
		p->len = family == AF_INET ? 32 : 128;
	else if (parse_len(slash + 1, family, &p->len) == -1)
		return -1;
	return host_bits_clear(p) ? 0 : -1;
}

int
prefix_parse(const char *s, struct prefix *p)
{
	if (parse_family(s, AF_INET, p) == 0)
		return 0;
	return parse_family(s, AF_INET6, p);
}

/* Python's compressed IPv6 text: the first longest zero run becomes ::. */
static void
format6(const unsigned char *a, char *out, size_t sz)
{
	unsigned int	 h[8];
	int		 i, best = -1, bestlen = 1, run = 0;
	size_t		 o = 0;

	for (i = 0; i < 8; i++) {
		h[i] = (unsigned int)(a[2 * i] << 8 | a[2 * i + 1]);
		run = h[i] == 0 ? run + 1 : 0;
		if (run > bestlen) {
			bestlen = run;
			best = i - run + 1;
		}
	}
	out[0] = '\0';
	for (i = 0; i < 8; i++) {
		if (i == best) {
			o += (size_t)snprintf(out + o, sz - o, i == 0 ?
			    "::" : ":");
			i += bestlen - 1;
			continue;
		}
		o += (size_t)snprintf(out + o, sz - o, "%x%s", h[i],
		    i < 7 ? ":" : "");
		if (o >= sz)
			return;
	}
}

/* with_prefixlen */
void
prefix_format(const struct prefix *p, char *out, size_t sz)
{
	char	 a[64];

	if (p->family == AF_INET)
		inet_ntop(AF_INET, p->addr, a, sizeof(a));
	else
		format6(p->addr, a, sizeof(a));
	snprintf(out, sz, "%s%s%s/%u", a, p->scope[0] ? "%" : "", p->scope,
	    p->len);
}

int
prefix_normalize(const char *s, char *out, size_t sz)
{
	struct prefix	 p;

	if (prefix_parse(s, &p) == -1)
		return -1;
	prefix_format(&p, out, sz);
	return 0;
}

/*
 * ip_prefix as a comma-separated list (ours; upstream takes one prefix
 * and refuses a comma): the items, stripped of spaces and tabs.  An
 * item may be empty; the caller says why that is wrong.
 */
char **
prefix_split(const char *raw, size_t *n)
{
	const char	*p = raw, *e, *s;
	char		**v = NULL;

	*n = 0;
	for (;;) {
		e = p + strcspn(p, ",");
		for (s = p; s < e && (*s == ' ' || *s == '\t'); s++)
			;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		v = xreallocarray(v, *n + 2, sizeof(*v));
		v[(*n)++] = xstrndup(s, (size_t)(e - s));
		v[*n] = NULL;
		p += strcspn(p, ",");
		if (*p == '\0')
			break;
		p++;
	}
	return v;
}

void
prefix_split_free(char **v)
{
	size_t	 i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
