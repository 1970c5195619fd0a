#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "util.h"

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		fatal("calloc");
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if ((p = reallocarray(p, n ? n : 1, sz ? sz : 1)) == NULL)
		fatal("reallocarray");
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatal("strdup");
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		fatal("strndup");
	return p;
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n == -1)
		fatal("vasprintf");
	return n;
}

static void
buf_grow(struct buf *b, size_t more)
{
	size_t	 need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xreallocarray(b->s, b->cap, 1);
}

void
buf_addn(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_add(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_addn(b, &c, 1);
}

/* Formatted straight into place: no temporary string, no allocation. */
void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 again;
	size_t	 room;
	int	 n;

	buf_grow(b, 0);
	room = b->cap - b->len;
	va_copy(again, ap);
	n = vsnprintf(b->s + b->len, room, fmt, ap);
	if (n < 0)
		fatal("vsnprintf");
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		(void)vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/* Empty again, keeping whatever storage it has. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

/*
 * Is b's text what last holds? A last never filled holds nothing, not even
 * the empty text, so that the first state is always written.
 */
int
buf_same(const struct buf *last, const struct buf *b)
{
	if (last->s == NULL || b->len != last->len)
		return 0;
	return b->len == 0 || memcmp(b->s, last->s, b->len) == 0;
}

/* Hand the string over to the caller; an empty buf still yields "". */
char *
buf_release(struct buf *b)
{
	char	*s;

	if (b->s == NULL)
		buf_grow(b, 0), b->s[0] = '\0';
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static size_t
strset_hash(const char *s, size_t len)
{
	size_t	 h = 14695981039346656037UL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211UL;
	return h;
}

static size_t
strset_slot(const struct strset *set, const char *s, size_t len)
{
	size_t	 i = strset_hash(s, len) & (set->cap - 1);

	while (set->keys[i] != NULL && (set->lens[i] != len ||
	    memcmp(set->keys[i], s, len) != 0))
		i = (i + 1) & (set->cap - 1);
	return i;
}

int
strset_has(const struct strset *set, const char *s, size_t len)
{
	if (set->cap == 0)
		return 0;
	return set->keys[strset_slot(set, s, len)] != NULL;
}

int
strset_get(const struct strset *set, const char *s, size_t len, size_t *val)
{
	size_t	 i;

	if (set->cap == 0)
		return 0;
	i = strset_slot(set, s, len);
	if (set->keys[i] == NULL)
		return 0;
	*val = set->vals[i];
	return 1;
}

/* Returns 1 if added, 0 if it was already there. */
int
strset_add(struct strset *set, const char *s, size_t len)
{
	return strset_put(set, s, len, 0);
}

/* Like strset_add(); a key already there keeps its number. */
int
strset_put(struct strset *set, const char *s, size_t len, size_t val)
{
	struct strset	 grown;
	size_t		 i, j;

	if (set->n * 2 >= set->cap) {
		grown.cap = set->cap ? set->cap * 2 : 16;
		grown.n = set->n;
		grown.keys = xcalloc(grown.cap, sizeof(*grown.keys));
		grown.lens = xcalloc(grown.cap, sizeof(*grown.lens));
		grown.vals = xcalloc(grown.cap, sizeof(*grown.vals));
		for (i = 0; i < set->cap; i++) {
			if (set->keys[i] == NULL)
				continue;
			j = strset_slot(&grown, set->keys[i], set->lens[i]);
			grown.keys[j] = set->keys[i];
			grown.lens[j] = set->lens[i];
			grown.vals[j] = set->vals[i];
		}
		free(set->keys);
		free(set->lens);
		free(set->vals);
		*set = grown;
	}
	i = strset_slot(set, s, len);
	if (set->keys[i] != NULL)
		return 0;
	set->keys[i] = xcalloc(1, len + 1);
	memcpy(set->keys[i], s, len);
	set->lens[i] = len;
	set->vals[i] = val;
	set->n++;
	return 1;
}

void
strset_free(struct strset *set)
{
	size_t	 i;

	for (i = 0; i < set->cap; i++)
		free(set->keys[i]);
	free(set->keys);
	free(set->lens);
	free(set->vals);
	memset(set, 0, sizeof(*set));
}

double
clock_mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
clock_real(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Seconds since boot, suspend included: the same clock in every process
 * of the host, and no clock step moves it.
 */
double
clock_boot(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *
argv_join(char *const argv[])
{
	struct buf	 b = { 0 };
	size_t		 i;

	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_add(&b, argv[i]);
	}
	return buf_release(&b);
}
