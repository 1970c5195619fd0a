/*
 * BIRD's lag, for readers without Prometheus: rewritten atomically, and
 * only when it changed, by the main thread.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "file.h"
#include "lagfile.h"
#include "log.h"
#include "pystr.h"

static struct buf	 last;	/* what the file holds */

char *
lagfile_path(const char *pidfile)
{
	size_t	 n = strlen(pidfile);
	char	*p;

	if (n > 4 && strcmp(pidfile + n - 4, ".pid") == 0)
		n -= 4;
	xasprintf(&p, "%.*s.bird", (int)n, pidfile);
	return p;
}

void
lagfile_write(struct settings *st)
{
	struct buf	 b = { 0 }, e = { 0 };
	char		*path;
	size_t		 i;

	for (i = 0; i < st->bird.n; i++)
		lag_format(&b, st->bird.t[i].version, &st->lag[i]);
	/* for the Nagios plugin: which services drain, a planned thing */
	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i]->announced == CHANGE_DRAIN)
			buf_addf(&b, "draining %s\n", st->svc[i]->name);
	if (last.s != NULL && b.len == last.len &&
	    memcmp(b.s, last.s, b.len) == 0) {
		buf_free(&b);
		return;
	}
	path = lagfile_path(st->pidfile);
	if (file_replace(path, b.s, b.len, NULL) == -1) {
		py_oserror(&e, errno, path);
		log_error("failed to write BIRD's state to %s", e.s);
		buf_free(&e);
	} else {
		buf_reset(&last);
		buf_addn(&last, b.s, b.len);
	}
	free(path);
	buf_free(&b);
}

void
lagfile_remove(struct settings *st)
{
	char	*path = lagfile_path(st->pidfile);

	unlink(path);
	free(path);
}
