#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bird.h"
#include "file.h"
#include "log.h"
#include "path.h"
#include "pystr.h"
#include "shlex.h"
#include "spawn.h"

/* What upstream gives birdc, and what BIRD needs to answer. */
#define RECONFIGURE_TIMEOUT	2.0

static int	history_open(const char *);

/*
 * Make sure each prefix file exists, and its history directory when
 * changes are kept: what upstream does even for -c and -P.
 */
int
bird_create_files(const struct bird_targets *bt, struct buf *err)
{
	const struct bird_target *t;
	struct stat sb;
	char	*dir, *hist;
	size_t	 i;
	int	 fd;

	for (i = 0; i < bt->n; i++) {
		t = &bt->t[i];
		/* a FIFO must neither block us nor be taken for the file */
		fd = open(t->file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
		    O_NOCTTY | O_NONBLOCK, 0666);
		if (fd == -1 && errno == ENXIO) {
			buf_addf(err, "failed to create %s: it is not a regular "
			    "file", t->file);
			return -1;
		}
		if (fd == -1 || fstat(fd, &sb) == -1 ||
		    futimens(fd, NULL) == -1) {
			buf_addf(err, "failed to create %s:", t->file);
			py_oserror(err, errno, t->file);
			if (fd != -1)
				close(fd);
			return -1;
		}
		close(fd);
		if (!S_ISREG(sb.st_mode)) {
			buf_addf(err, "failed to create %s: it is not a regular "
			    "file", t->file);
			return -1;
		}
		if (!t->keep_changes)
			continue;
		dir = path_dirname(t->file);
		hist = path_join(dir, "history");
		free(dir);
		if (mkdir(hist, 0777) == 0)
			printf("%s is created\n", hist);
		else if (errno == EEXIST && (fd = history_open(hist)) == -1) {
			buf_addf(err, "%s must be a directory, not a symbolic "
			    "link: old files are deleted there", hist);
			free(hist);
			return -1;
		} else if (errno == EEXIST)
			close(fd);
		else {
			buf_addf(err, "failed to make directory %s for keeping "
			    "a history of changes for %s:", hist, t->file);
			py_oserror(err, errno, hist);
			free(hist);
			return -1;
		}
		free(hist);
	}
	return 0;
}

/* str(datetime.now()): microseconds only when there are any. */
void
bird_now(char *out, size_t sz)
{
	struct timeval	 tv;
	struct tm	 tm;
	char		 base[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%d %H:%M:%S", &tm);
	if (tv.tv_usec != 0)
		snprintf(out, sz, "%s.%06ld", base, (long)tv.tv_usec);
	else
		snprintf(out, sz, "%s", base);
}

static void
note_temp(const char *tmp)
{
	log_debug("going to write to %s", tmp);
}

/* The file: the list, and the drain list when there is one (drain). */
int
bird_write(const struct bird_target *t, const struct plist *l,
    const struct plist *drain)
{
	struct buf	 b = { 0 };
	char		 when[64];
	int		 rc;

	bird_now(when, sizeof(when));
	plist_render(&b, t->dummy, t->variable, l, when, (long)getpid());
	if (drain != NULL)
		plist_render_list(&b, t->dummy, t->drain_variable, drain);
	rc = file_replace(t->file, b.s, b.len, note_temp);
	buf_free(&b);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the copies we make: seconds, a dot, a fraction. */
static int
history_name(const char *n)
{
	size_t	 i = strspn(n, "0123456789");

	return i > 0 && n[i] == '.' && n[i + 1] != '\0' &&
	    n[i + 1 + strspn(n + i + 1, "0123456789")] == '\0';
}

/*
 * history/ as a directory we may delete in: never through a symbolic
 * link, where the files are somebody else's.  -1 (and errno) if not.
 */
static int
history_open(const char *hist)
{
	return open(hist, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/*
 * Remove the oldest of our copies so that keep of them are left, in
 * upstream's words: the copy about to be made would pass changes_counter.
 */
static void
history_trim(int dfd, const char *hist, size_t keep, long long counter)
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	char		**names = NULL;
	size_t		 n = 0, i;
	int		 fd;

	if ((fd = dup(dfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		log_warn("failed to read %s", hist);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (history_name(de->d_name) && fstatat(dfd, de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode)) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	if (n > keep)
		log_info("threshold of %lld is reached, removing old files",
		    counter);
	for (i = 0; i < n; i++) {
		if (i + keep < n) {
			if (unlinkat(dfd, names[i], 0) == -1)
				log_warn("failed to remove %s/%s", hist,
				    names[i]);
			else
				log_info("removed %s/%s", hist, names[i]);
		}
		free(names[i]);
	}
	free(names);
}

/*
 * Copy the current file into history/ before it is replaced, keeping at
 * most changes_counter files there: the oldest go first.  Names are the
 * time of the copy, so they sort by age.  Only files named so are ever
 * removed.
 */
void
bird_archive(const struct bird_target *t)
{
	struct stat	 sb;
	struct timespec	 ts;
	struct buf	 name = { 0 };
	char		*dir, *hist, *text, stamp[64];
	int		 dfd, fd;

	dir = path_dirname(t->file);
	hist = path_join(dir, "history");
	free(dir);
	if ((dfd = history_open(hist)) == -1) {
		log_warn("failed to read %s", hist);
		free(hist);
		return;
	}
	/* str(time.time()): nanoseconds over 1e9, then repr() */
	clock_gettime(CLOCK_REALTIME, &ts);
	py_float_repr(&name, ((double)ts.tv_sec * 1e9 + (double)ts.tv_nsec) /
	    1e9);
	strlcpy(stamp, name.s, sizeof(stamp));
	buf_free(&name);
	if (t->changes_counter >= 1)
		log_debug("coping %s to %s/%s", t->file, hist, stamp);
	history_trim(dfd, hist, t->changes_counter < 1 ? 0 :
	    (size_t)t->changes_counter - 1, t->changes_counter);
	if (t->changes_counter < 1)
		goto out;
	if (file_read(t->file, &text) != 0) {
		log_warn("failed to copy %s to %s/%s", t->file, hist, stamp);
		goto out;
	}
	if ((fd = openat(dfd, stamp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) == -1 || file_write_all(fd, text, strlen(text)) ==
	    -1)
		log_warn("failed to copy %s to %s/%s", t->file, hist, stamp);
	if (fd != -1) {
		if (stat(t->file, &sb) == 0)
			futimens(fd, (struct timespec[2]){ sb.st_atim,
			    sb.st_mtim });
		close(fd);
	}
	free(text);
out:
	close(dfd);
	free(hist);
}

/*
 * birdc exits 0 even when BIRD refuses the new configuration, so success
 * is a line of its output: BIRD 1 and 2 say "Reconfigured"; BIRD 3
 * answers before it is done, with one of the other two.
 */
int
bird_reconfigured(int status, const char *out)
{
	static const char *const ok[] = {
		"Reconfigured",
		"Reconfiguration in progress",
		"Reconfiguration already in progress, queueing new config",
	};
	const char	*p = out, *end;
	size_t		 i, len;

	if (status != 0)
		return 0;
	for (; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		len = (size_t)(end - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
			if (strlen(ok[i]) == len && strncmp(p, ok[i], len) == 0)
				return 1;
	}
	return 0;
}

/*
 * Split a reconfigure command and log it as upstream does; NULL (and an
 * error logged) if it cannot be split or is empty.
 */
static char **
split_cmd(const char *cmd, const char *what)
{
	struct buf	 err = { 0 };
	char		**argv, *line;
	size_t		 argc;

	if (shlex_split(cmd, &argv, &argc, &err) == -1 || argc == 0) {
		log_error("reconfiguring BIRD failed with: %s",
		    err.s != NULL ? err.s : "the command is empty");
		shlex_free(argv);
		buf_free(&err);
		return NULL;
	}
	line = argv_join(argv);
	log_info("reconfiguring BIRD by running %s%s", what, line);
	free(line);
	return argv;
}

/*
 * Split cmd, log it, start it; -1 (and the reason logged) if it did not
 * start, which counts as a failed reconfigure.
 */
static int
start_cmd(const char *cmd, const char *what, const struct spawn_opts *o,
    struct spawn_proc *p, struct spawn_result *r)
{
	struct buf	 e = { 0 };
	char		**argv;
	int		 rc = 0;

	if ((argv = split_cmd(cmd, what)) == NULL)
		return -1;
	if (spawn_start(argv, o, p, r) == -1) {
		py_oserror(&e, r->error, argv[0]);
		log_error("reconfiguring BIRD failed with: %s", e.s);
		buf_free(&e);
		rc = -1;
	}
	shlex_free(argv);
	return rc;
}

int
bird_reconfigure_start(const char *cmd, struct spawn_proc *p,
    struct spawn_result *r)
{
	struct spawn_opts	 o = { RECONFIGURE_TIMEOUT, 0, 1, 1, NULL, 0 };

	return start_cmd(cmd, "", &o, p, r);
}

/*
 * What a finished reconfigure says; 1 when BIRD took the new file.  Its
 * output is escaped as a check's is: it is not ours to put raw lines or
 * terminal controls into the log.
 */
int
bird_reconfigure_done(struct spawn_result *r)
{
	struct buf	 out = { 0 };
	size_t		 len;
	const char	*s;
	int		 ok = 0;

	if (r->timed_out)
		log_error("reconfiguring bird timed out");
	else if (r->status != 0) {
		s = py_strip(r->out.buf, r->out.len, &len);
		py_repr_bytes(&out, s, len);
		log_error("reconfiguring BIRD failed, either BIRD daemon is "
		    "down or we don't have privileges to reconfigure it (sudo "
		    "problems?):%s", out.s);
	} else if (bird_reconfigured(r->status, r->out.buf)) {
		log_info("reconfigured BIRD daemon");
		ok = 1;
	} else {
		py_repr_bytes(&out, r->out.buf, r->out.len);
		log_error("reconfiguring BIRD returned error, most likely we "
		    "generated an invalid configuration file or Bird "
		    "configuration in is broken:%s", out.s);
	}
	buf_free(&out);
	spawn_result_free(r);
	return ok;
}

/*
 * A service's own reconfigure command, with "up" or "down" added.  It
 * runs in a session of its own so that, on timeout, everything it
 * started is ended with it.
 */
int
bird_custom_start(const char *cmd, double timeout, int up,
    struct spawn_proc *p, struct spawn_result *r)
{
	struct spawn_opts	 o = { timeout, 1, 0, 0, NULL, 0 };
	char			*full;
	int			 rc;

	xasprintf(&full, "%s %s", cmd, up ? "up" : "down");
	rc = start_cmd(full, "custom command ", &o, p, r);
	free(full);
	return rc;
}

void
bird_custom_done(struct spawn_result *r)
{
	struct buf	 e = { 0 };

	if (r->timed_out)
		log_error("reconfiguring bird timed out");
	else if (r->status != 0) {
		py_repr_bytes(&e, r->err.buf, r->err.len);
		log_error("reconfiguring BIRD failed with return code: %d and "
		    "stderr: %s", r->status, e.s);
	} else
		log_info("custom command successfully reconfigured Bird");
	spawn_result_free(r);
	buf_free(&e);
}
