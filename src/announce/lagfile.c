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
#include "path.h"
#include "pystr.h"

static struct buf	 last;	/* what the file holds */

char *
lagfile_path(const char *pidfile)
{
	return path_beside_pidfile(pidfile, ".bird");
}

/* 1 when the state changed since the last call */
int
lagfile_write(struct settings *st)
{
	struct buf	 b = { 0 }, e = { 0 };
	char		*path;
	size_t		 i;
	int		 rc;

	for (i = 0; i < st->bird.n; i++)
		lag_format(&b, st->bird.t[i].version, &st->lag[i]);
	/* for the Nagios plugin: which services drain, a planned thing */
	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i]->announced == CHANGE_DRAIN)
			buf_addf(&b, "draining %s\n", st->svc[i]->name);
	/* the common turn: nothing changed, so no path to build */
	if (buf_same(&last, &b)) {
		buf_free(&b);
		return 0;
	}
	path = lagfile_path(st->pidfile);
	if ((rc = file_replace_changed(path, &last, &b)) == -1) {
		py_oserror(&e, errno, path);
		log_error("failed to write BIRD's state to %s", e.s);
		buf_free(&e);
	}
	free(path);
	buf_free(&b);
	return rc == 1;
}

void
lagfile_remove(struct settings *st)
{
	char	*path = lagfile_path(st->pidfile);

	unlink(path);
	free(path);
}
