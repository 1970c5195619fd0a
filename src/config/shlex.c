#include <stdlib.h>
#include <string.h>

#include "shlex.h"

#define IS_WS(c)	((c) == ' ' || (c) == '\t' || (c) == '\r' || \
			    (c) == '\n')

static void
push(char ***argv, size_t *argc, struct buf *tok)
{
	*argv = xreallocarray(*argv, *argc + 2, sizeof(**argv));
	(*argv)[(*argc)++] = buf_release(tok);
	(*argv)[*argc] = NULL;
}

/* On success *argv is a NULL-terminated vector the caller frees. */
int
shlex_split(const char *s, char ***argv, size_t *argc, struct buf *err)
{
	struct buf	 tok = { 0 };
	char		 quote = 0;	/* inside '...' or "..." */
	int		 in_word = 0, quoted = 0;

	*argv = xcalloc(1, sizeof(**argv));
	*argc = 0;
	for (; *s != '\0'; s++) {
		if (quote != 0) {
			if (*s == quote) {
				quote = 0;
			} else if (quote == '"' && *s == '\\') {
				if (s[1] == '\0')
					goto noescape;
				/* inside "...", \ escapes only " and \ */
				if (s[1] != '"' && s[1] != '\\')
					buf_addc(&tok, '\\');
				buf_addc(&tok, *++s);
			} else
				buf_addc(&tok, *s);
			continue;
		}
		if (IS_WS(*s)) {
			if (in_word) {
				push(argv, argc, &tok);
				in_word = quoted = 0;
			}
			continue;
		}
		in_word = 1;
		if (*s == '\'' || *s == '"') {
			quote = *s;
			quoted = 1;
		} else if (*s == '\\') {
			if (s[1] == '\0')
				goto noescape;
			buf_addc(&tok, *++s);
		} else
			buf_addc(&tok, *s);
	}
	if (quote != 0) {
		buf_add(err, "No closing quotation");
		goto fail;
	}
	if (in_word && (tok.len > 0 || quoted))
		push(argv, argc, &tok);
	buf_free(&tok);
	return 0;
noescape:
	buf_add(err, "No escaped character");
fail:
	buf_free(&tok);
	shlex_free(*argv);
	*argv = NULL;
	*argc = 0;
	return -1;
}

void
shlex_free(char **argv)
{
	char	**p;

	if (argv == NULL)
		return;
	for (p = argv; *p != NULL; p++)
		free(*p);
	free(argv);
}
