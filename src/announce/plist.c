#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plist.h"
#include "prefix.h"

static void
push(struct plist *l, const char *s, size_t len)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrndup(s, len);
}

/* Every line that, stripped of spaces and commas, is a valid prefix. */
void
plist_parse(struct plist *l, const char *text)
{
	const char	*p = text, *end, *s, *e;
	char		*cand;
	struct prefix	 pfx;

	while (*p != '\0') {
		end = p + strcspn(p, "\r\n");
		for (s = p; s < end && (*s == ' ' || *s == ','); s++)
			;
		for (e = end; e > s && (e[-1] == ' ' || e[-1] == ','); e--)
			;
		if (e > s) {
			cand = xstrndup(s, (size_t)(e - s));
			if (prefix_parse(cand, &pfx) == 0)
				push(l, cand, strlen(cand));
			free(cand);
		}
		p = *end != '\0' ? end + 1 : end;
	}
}

/* Where "define NAME" starts a line of the text, past NAME; or NULL. */
static const char *
find_define(const char *text, const char *name)
{
	const char	*p = text, *s, *end;
	size_t		 n = strlen(name);

	for (; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		for (s = p; s < end && isspace((unsigned char)*s); s++)
			;
		if ((size_t)(end - s) < 7 + n || strncmp(s, "define", 6) != 0 ||
		    !isspace((unsigned char)s[6]))
			continue;
		for (s += 6; s < end && isspace((unsigned char)*s); s++)
			;
		if (strncmp(s, name, n) == 0 && (s[n] == ' ' || s[n] == '\t' ||
		    s[n] == '='))
			return s + n;
	}
	return NULL;
}

int
plist_variable_defined(const char *text, const char *name)
{
	return find_define(text, name) != NULL;
}

/*
 * The prefixes of one list: from "define NAME =" (the "[" on that line
 * or a later one) to the "]" that ends it, or "define NAME = [];".
 */
void
plist_parse_list(struct plist *l, const char *text, const char *name)
{
	const char	*open, *end;
	char		*body;

	if ((open = find_define(text, name)) == NULL ||
	    (open = strchr(open, '[')) == NULL)
		return;
	if ((end = strchr(open, ']')) == NULL)
		end = open + strlen(open);
	body = xstrndup(open + 1, (size_t)(end - open - 1));
	plist_parse(l, body);
	free(body);
}

static int
is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/*
 * The name after "define" on the first line that reads
 * "define NAME =": upstream's ^\s*define\s+(\S+\b)\s+= pattern.
 */
char *
plist_variable(const char *text)
{
	const char	*p = text, *end, *s, *name;
	size_t		 len;

	for (; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		s = p;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if ((size_t)(end - s) < 7 || strncmp(s, "define", 6) != 0 ||
		    !isspace((unsigned char)s[6]))
			continue;
		s += 6;
		while (s < end && isspace((unsigned char)*s))
			s++;
		name = s;
		while (s < end && !isspace((unsigned char)*s))
			s++;
		/* \S+\b: the name must end on a word character */
		len = (size_t)(s - name);
		if (len == 0 || !is_word((unsigned char)name[len - 1]))
			continue;
		if (s >= end || !isspace((unsigned char)*s))
			continue;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s < end && *s == '=')
			return xstrndup(name, len);
	}
	return NULL;
}

int
plist_has(const struct plist *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

/* Returns 1 if the list changed. */
int
plist_add(struct plist *l, const char *s)
{
	if (plist_has(l, s))
		return 0;
	push(l, s, strlen(s));
	return 1;
}

/* Removes the first occurrence, as list.remove() does. */
int
plist_del(struct plist *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0) {
			free(l->v[i]);
			memmove(&l->v[i], &l->v[i + 1],
			    (l->n - i - 1) * sizeof(*l->v));
			l->n--;
			return 1;
		}
	return 0;
}

void
plist_prepend(struct plist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	memmove(&l->v[1], &l->v[0], l->n * sizeof(*l->v));
	l->v[0] = xstrdup(s);
	l->n++;
}

/* Collect the entries not in known (each distinct one once). */
void
plist_unknown(const struct plist *l, const struct strset *known,
    struct plist *out)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (!strset_has(known, l->v[i], strlen(l->v[i])))
			plist_add(out, l->v[i]);
}

/* Move every entry not in known to removed (each distinct one once). */
void
plist_drop_unknown(struct plist *l, const struct strset *known,
    struct plist *removed)
{
	size_t	 i, o = 0;

	for (i = 0; i < l->n; i++) {
		if (strset_has(known, l->v[i], strlen(l->v[i]))) {
			l->v[o++] = l->v[i];
			continue;
		}
		if (removed != NULL)
			plist_add(removed, l->v[i]);
		free(l->v[i]);
	}
	l->n = o;
}

/* "a,b,c", for log messages. */
void
plist_join(const struct plist *l, struct buf *b)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_add(b, l->v[i]);
	}
}

/* The file upstream writes, to the byte. */
void
plist_render(struct buf *b, const char *dummy, const char *variable,
    const struct plist *l, const char *when, long pid)
{
	buf_addf(b, "# Generated %s by anycast-healthchecker (pid=%ld)\n",
	    when, pid);
	/* dummy_ip_prefix = none: BIRD 2.0.11 and later take "[]" */
	if (dummy == NULL)
		buf_add(b, "# No dummy IP Prefix: the list may be empty.\n");
	else
		buf_addf(b, "# %s is a dummy IP Prefix. It should NOT be used "
		    "and REMOVED from the constant.\n", dummy);
	plist_render_list(b, dummy, variable, l);
}

/* A list, as upstream lays it out: the drain list uses it too. */
void
plist_render_list(struct buf *b, const char *dummy, const char *variable,
    const struct plist *l)
{
	size_t	 i;

	if (dummy == NULL && l->n == 0) {
		buf_addf(b, "define %s = [];\n", variable);
		return;
	}
	buf_addf(b, "define %s =\n    [\n", variable);
	for (i = 0; i < l->n; i++)
		buf_addf(b, "        %s%s", l->v[i], i + 1 < l->n ? ",\n" : "");
	buf_add(b, "\n    ];\n");
}

void
plist_free(struct plist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * The repairs upstream makes: the dummy prefix (if there is one) is put
 * back in front, and
 * prefixes no service checks are listed, and removed when purge is set.
 */
void
plist_repair(struct plist *l, const char *dummy, const struct strset *known,
    int purge, struct plist_repair *r)
{
	memset(r, 0, sizeof(*r));
	if (dummy != NULL && !plist_has(l, dummy)) {
		plist_prepend(l, dummy);
		r->dummy_added = 1;
	}
	plist_unknown(l, known, &r->unknown);
	if (purge && r->unknown.n > 0) {
		plist_drop_unknown(l, known, NULL);
		r->purged = 1;
	}
}
