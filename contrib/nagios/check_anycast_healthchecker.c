/*
 * check_anycast_healthchecker: a Nagios plugin that tells whether the
 * daemon runs with one thread per enabled service check, as upstream's
 * plugin does.  It reads the configuration with the daemon's own reader,
 * so both agree on what is enabled.
 *
 * Exit codes are Nagios': 0 OK, 2 CRITICAL, 3 UNKNOWN.  Where upstream's
 * plugin says CRITICAL but exits 3 (a pid that is not running), so do we.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "file.h"
#include "lag.h"
#include "lagfile.h"
#include "pidfile.h"
#include "pystr.h"

#define OK		0
#define CRITICAL	2
#define UNKNOWN		3

static int	verbose;

static void __attribute__((noreturn, format(printf, 2, 3)))
finish(int code, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(code);
}

/* -h, as upstream's docopt gives it: on stdout, exit 0. */
static void __attribute__((noreturn))
help(void)
{
	fputs("Tell Nagios whether anycast-healthchecker runs with a thread for "
	    "every\nenabled service check.\n"
	    "\n"
	    "Usage:\n"
	    "    check_anycast_healthchecker [-v] [-f file] [-d directory] "
	    "[-t seconds]\n"
	    "\n"
	    "Options:\n"
	    "    -v            say what is checked, and what was found\n"
	    "    -f file       the daemon's configuration "
	    "[default: /etc/anycast-healthchecker.conf]\n"
	    "    -d directory  its service check files "
	    "[default: /etc/anycast-healthchecker.d]\n"
	    "    -t seconds    CRITICAL once a change has waited longer for "
	    "BIRD [default: 30]\n"
	    "    -h            print this help and exit\n", stdout);
	exit(OK);
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: check_anycast_healthchecker [-v] [-f file] "
	    "[-d directory] [-t seconds]\n");
	exit(UNKNOWN);
}

/* The pid in the pidfile, or an exit with upstream's words. */
static long
read_pid(const char *pidfile)
{
	struct buf	 e = { 0 };
	char		 buf[64];
	ssize_t		 n;
	long		 pid;
	int		 fd;

	if ((fd = open(pidfile, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			finish(CRITICAL, "CRITICAL: anycast-healthchecker could "
			    "be down as pid file %s doesn't exist", pidfile);
		py_oserror(&e, errno, pidfile);
		finish(UNKNOWN, "UNKNOWN: error while reading pid file:%s",
		    e.s);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (pidfile_parse(buf, &pid) == -1)
		finish(UNKNOWN, "UNKNOWN: stale pid file with invalid data:%s",
		    buf);
	if (pid == -1 || pid == 1)
		finish(UNKNOWN, "UNKNOWN: invalid PID (%ld)", pid);
	return pid;
}

/* For -v: what the process runs. */
static void
show_exe(long pid)
{
	char	 path[64], exe[PATH_MAX];
	ssize_t	 n;

	snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
	if ((n = readlink(path, exe, sizeof(exe) - 1)) == -1) {
		printf("%s: %s\n", path, strerror(errno));
		return;
	}
	exe[n] = '\0';
	printf("%s -> %s\n", path, exe);
}

/* Threads of the process, as ps -T counts them. */
static int
threads(long pid)
{
	char		 path[64], comm[PATH_MAX], name[64];
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	int		 n = 0;

	snprintf(path, sizeof(path), "/proc/%ld/task", pid);
	if (verbose)
		printf("reading %s\n", path);
	if ((d = opendir(path)) == NULL)
		finish(UNKNOWN, "UNKNOWN: reading %s failed: %s", path,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		if (!verbose)
			continue;
		snprintf(comm, sizeof(comm), "%s/%s/comm", path, de->d_name);
		name[0] = '\0';
		if ((f = fopen(comm, "re")) != NULL) {
			if (fgets(name, sizeof(name), f) == NULL)
				name[0] = '\0';
			fclose(f);
		}
		printf("  thread %s %s", de->d_name, name);
		if (name[0] == '\0' || name[strlen(name) - 1] != '\n')
			putchar('\n');
	}
	closedir(d);
	return n;
}

/*
 * The daemon's state file: CRITICAL once a change has waited longer than
 * threshold seconds for the routing daemon.  No file: a daemon that keeps
 * none.
 */
static struct buf	 draining;	/* "; draining: a, b" */

static void
bird_lag(const char *pidfile, const char *daemon, double threshold)
{
	struct bird_lag	 l;
	char		*path, *text, *line, *next;
	double		 now = clock_real(), boot = clock_boot(), age;
	int		 version;

	path = lagfile_path(pidfile);
	if (file_read(path, &text) != 0) {
		if (verbose)
			printf("no BIRD state in %s\n", path);
		free(path);
		return;
	}
	for (line = text; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			next++;
		/* a planned drain: said, and still OK */
		if (strncmp(line, "draining ", 9) == 0) {
			buf_addf(&draining, "%s%.*s", draining.len > 0 ? ", " :
			    "; draining: ", (int)strcspn(line + 9, "\n"),
			    line + 9);
			continue;
		}
		if (lag_parse(line, &version, &l) == -1)
			finish(UNKNOWN, "UNKNOWN: %s: not a BIRD state line", path);
		if (verbose)
			printf("BIRD IPv%d: %lld changes waiting, last took a "
			    "file at %.3f\n", version, l.waiting, l.last_taken);
		/* by the boot clock, which a clock step does not move */
		if ((age = lag_age(&l, now, boot)) <= threshold)
			continue;
		/* BIRD's words stay as they were; the others take changes */
		if (daemon == NULL)
			finish(CRITICAL, "CRITICAL: BIRD has not taken the IPv%d "
			    "prefix file for %.0f seconds (%lld changes waiting)",
			    version, age, l.waiting);
		finish(CRITICAL, "CRITICAL: %s has not taken the IPv%d changes "
		    "for %.0f seconds (%lld changes waiting)", daemon, version,
		    age, l.waiting);
	}
	free(text);
	free(path);
}

/* The routing daemon's name for the message; NULL: BIRD's own words. */
static const char *
announcer(struct config *cfg)
{
	static const char *const names[][2] = {
		{ "frr", "FRR" }, { "gobgp", "gobgpd" }, { "exabgp", "ExaBGP" }
	};
	struct buf	 err = { 0 };
	const char	*daemon = NULL;
	char		*v;
	size_t		 i;

	if (!config_has(cfg, "daemon", "announcer") ||
	    config_get(cfg, "daemon", "announcer", &v, &err) != 0) {
		buf_free(&err);
		return NULL;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(v, names[i][0]) == 0)
			daemon = names[i][1];
	free(v);
	return daemon;
}

int
main(int argc, char *argv[])
{
	struct config_paths paths = {
		CONFIG_DEFAULT_FILE, CONFIG_DEFAULT_DIR, NULL
	};
	struct config	 cfg;
	struct buf	 err = { 0 };
	char		*pidfile;
	const char	*daemon;
	size_t		 i, services = 0, enabled = 0;
	long		 pid;
	int		 ch, disabled, n;
	double		 threshold = 30;
	char		*end;

	while ((ch = getopt(argc, argv, "vf:d:t:h")) != -1) {
		switch (ch) {
		case 'v':
			verbose = 1;
			break;
		case 'f':
			paths.file = optarg;
			break;
		case 'd':
			paths.dir = optarg;
			break;
		case 't':
			threshold = strtod(optarg, &end);
			if (end == optarg || *end != '\0' || !(threshold >= 0) ||
			    threshold > 1e9)
				usage();
			break;
		case 'h':
			help();
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	config_init(&cfg);
	if (config_load(&cfg, &paths, &err) == -1)
		finish(UNKNOWN, "UNKNOWN: %s", err.s);
	if (config_get(&cfg, "daemon", "pidfile", &pidfile, &err) != 0)
		finish(UNKNOWN, "UNKNOWN: %s", err.s);
	daemon = announcer(&cfg);
	if (verbose)
		printf("pidfile %s\n", pidfile);
	pid = read_pid(pidfile);
	if (verbose)
		show_exe(pid);
	/* the daemon's own rule: a pid reused by another program is stale */
	if (!pidfile_is_daemon(pid))
		finish(UNKNOWN, "CRITICAL: anycast-healthchecker with pid (%ld) "
		    "isn't running", pid);

	for (i = 0; i < cfg.nsects; i++) {
		if (strcmp(cfg.sects[i]->name, "daemon") == 0)
			continue;
		services++;
		if (config_getbool(&cfg, cfg.sects[i]->name, "check_disabled",
		    &disabled, &err) != 0)
			finish(UNKNOWN, "UNKNOWN: %s", err.s);
		enabled += !disabled;
	}
	if (services == 0)
		finish(UNKNOWN, "UNKNOWN: No service checks are configured");
	if (enabled == 0) {
		bird_lag(pidfile, daemon, threshold);
		finish(OK, "OK: Number of service checks is zero, no threads "
		    "are running%s", draining.len > 0 ? draining.s : "");
	}

	/* one thread per enabled check, plus the main thread */
	n = threads(pid);
	if ((size_t)n == enabled + 1) {
		bird_lag(pidfile, daemon, threshold);
		finish(OK, "OK: UP (pid=%ld) and all threads (%zu) are running%s",
		    pid, enabled, draining.len > 0 ? draining.s : "");
	}
	if (n - 1 == 0)
		finish(CRITICAL, "CRITICAL: No threads are running OpDocs "
		    "ANYCAST-03");
	finish(CRITICAL, "CRITICAL: Found %d running threads while configured "
	    "number of threads is %zu OpDocs ANYCAST-03", n - 1, enabled);
}
