#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <signal.h>

#include "announce.h"
#include "bird.h"
#include "config.h"
#include "engine.h"
#include "httplog.h"
#include "log.h"
#include "logsink.h"
#include "notify.h"
#include "pidfile.h"
#include "printconf.h"
#include "promhttp.h"
#include "pystr.h"
#include "settings.h"
#include "spawn.h"
#include "status.h"
#include "validate.h"

/* the options in getopt's order; S and J are --status and --json */
#define OPTCHARS	"fdFcpPvhSJ"

#define USAGE \
	"Usage:\n" \
	"    anycast-healthchecker [ -f <file> -c -p -P ] " \
	"[ -d <directory> | -F <file> ]\n"

static const char help[] =
	"Announce anycast service prefixes through BIRD while their health "
	"checks pass.\n"
	"\n"
	USAGE
	"\n"
	"Options:\n"
	"    -f, --file=<file>          daemon settings "
	"[default: /etc/anycast-healthchecker.conf]\n"
	"    -d, --dir=<dir>            directory of service check files "
	"(*.conf)\n"
	"                               [default: /etc/anycast-healthchecker.d]\n"
	"    -F, --service-file=<file>  one service check file, instead of "
	"--dir\n"
	"    -c, --check                validate the configuration and exit\n"
	"    -p, --print                print the built-in defaults and exit\n"
	"    -P, --print-conf           print the effective configuration "
	"and exit\n"
	"    --status                   show the running daemon's services "
	"and exit\n"
	"                               (0: running, 3: not running, 4: "
	"unknown)\n"
	"    --json                     with --status: as one JSON document\n"
	"    -v, --version              print the version and exit\n"
	"    -h, --help                 print this help and exit\n";

static const struct option longopts[] = {
	{ "file",		required_argument,	NULL, 'f' },
	{ "dir",		required_argument,	NULL, 'd' },
	{ "service-file",	required_argument,	NULL, 'F' },
	{ "check",		no_argument,		NULL, 'c' },
	{ "print",		no_argument,		NULL, 'p' },
	{ "print-conf",		no_argument,		NULL, 'P' },
	{ "status",		no_argument,		NULL, 'S' },
	{ "json",		no_argument,		NULL, 'J' },
	{ "version",		no_argument,		NULL, 'v' },
	{ "help",		no_argument,		NULL, 'h' },
	{ NULL,			0,			NULL, 0 }
};

/* docopt's way out: a reason if there is one, then the usage, exit 1. */
static void __attribute__((noreturn))
usage(const char *reason)
{
	if (reason != NULL)
		fprintf(stderr, "%s\n", reason);
	fputs(USAGE, stderr);
	exit(1);
}

/* getopt_long has no word for an ambiguous prefix; say it as docopt does. */
static void __attribute__((noreturn))
ambiguous(const char *arg)
{
	const struct option *o;
	size_t	 len = strcspn(arg + 2, "=");
	const char *sep = "";

	fprintf(stderr, "%.*s is not a unique prefix: ", (int)len + 2, arg);
	for (o = longopts; o->name != NULL; o++)
		if (strncmp(o->name, arg + 2, len) == 0) {
			fprintf(stderr, "%s--%s", sep, o->name);
			sep = ", ";
		}
	fputs("?\n", stderr);
	usage(NULL);
}

/*
 * The full name of the long option arg stands for (it may be a prefix),
 * as docopt names it in errors; NULL when arg is a short option.
 */
static const char *
long_name(const char *arg, int val)
{
	const struct option *o;

	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	for (o = longopts; o->name != NULL; o++)
		if (o->val == val)
			return o->name;
	return NULL;
}

/*
 * --status: the pidfile is [daemon]'s, so the main file is read (the
 * service files are not: the daemon's status has them), but nothing is
 * validated or created; an unreadable one is state unknown.
 */
static int
status_main(const struct config_paths *all, int as_json)
{
	struct config_paths paths = { all->file, NULL, NULL };
	struct config	 cfg;
	struct buf	 err = { 0 };
	char		*pidfile = NULL;
	int		 rc;

	config_init(&cfg);
	if (config_load(&cfg, &paths, &err) == -1 ||
	    config_get(&cfg, "daemon", "pidfile", &pidfile, &err) != 0) {
		fprintf(stderr, "Invalid configuration: %s\n", err.s);
		rc = 4;
	} else
		rc = status_command(pidfile, as_json);
	free(pidfile);
	config_free(&cfg);
	buf_free(&err);
	return rc;
}

static void __attribute__((noreturn))
invalid(const char *why)
{
	fprintf(stderr, "Invalid configuration: %s\n", why);
	exit(1);
}

static int
open_logs(struct settings *st, struct buf *err)
{
	struct log_conf		 lc;
	const char		*failed;
	struct httplog_conf	 hc = {
		st->http_server, st->http_server_port,
		st->http_server_protocol, st->http_server_timeout
	};

	settings_log_conf(st, &lc);
	if (st->json_logging && httplog_init(&hc) == -1) {
		buf_addf(err, "failed to set up JSON logging to %s: libcurl 4 "
		    "(libcurl4 or libcurl3-gnutls) is needed for json_logging",
		    st->http_server);
		return -1;
	}
	if (logsink_open(&lc, &failed) == -1) {
		buf_addf(err, "failed to open %s: ", failed);
		py_oserror(err, errno, strcmp(failed, "log_file") == 0 ?
		    lc.file : lc.stderr_file);
		return -1;
	}
	return 0;
}

/*
 * Run as upstream starts: lock, pidfile, signals, logging, then the
 * BIRD files and the checks.  Never returns.
 */
static void __attribute__((noreturn))
daemon_main(struct config *cfg, struct bird_targets *bt,
    const struct config_paths *paths)
{
	static struct settings	 st;
	static struct engine	 eng;
	struct buf		 err = { 0 };
	struct pidfile		*pfh;
	sigset_t		 all;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * One malloc arena: with a thread per service glibc would give up to
	 * eight per core, each holding pages a thread touched once.  Our
	 * threads allocate little and briefly.
	 */
	mallopt(M_ARENA_MAX, 1);
	/*
	 * Every log line needs the local time, and with TZ unset glibc
	 * checks /etc/localtime on each call.  Naming the same file once
	 * keeps the zone and drops that cost (a zone change needs a restart).
	 */
	if (getenv("TZ") == NULL)
		setenv("TZ", ":/etc/localtime", 0);
	tzset();
	/* whatever our parent left open is not ours to keep */
	closefrom(STDERR_FILENO + 1);
	if (settings_build(cfg, bt, &st, &err) == -1 ||
	    printconf_bird(cfg, &st.bird, &st.bird_repr, &st.bird_json,
	    &err) == -1)
		invalid(err.s);
	config_free(cfg);
	/* ExaBGP reads our stdout: from here on only routes go there */
	if (strcmp(st.announcer, "exabgp") == 0)
		announce_exabgp_take_stdout();
	pidfile_lock();
	pfh = pidfile_claim(st.pidfile);

	/*
	 * Every thread starts with all signals blocked; the main thread
	 * takes them from a signalfd.  Faults stay deliverable.
	 */
	signal(SIGPIPE, SIG_IGN);
	/* which signals a check must get back to their default */
	spawn_init();
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	pthread_sigmask(SIG_BLOCK, &all, NULL);

	if (open_logs(&st, &err) == -1) {
		fprintf(stderr, "%s\n", err.s);
		exit(1);
	}
	if (st.prometheus_listen != NULL &&
	    promhttp_start(st.prometheus_listen, &err) == -1) {
		log_error("%s", err.s);
		exit(1);
	}
	notify_init();
	engine_init(&eng, &st, pfh, paths);
	engine_run(&eng);
}

/*
 * Started with stdin, stdout or stderr closed, the first files opened
 * would take their numbers, and the log would go into the pidfile.
 */
static void
std_fds(void)
{
	int	 fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", O_RDWR) != fd)
			_exit(1);
}

int
main(int argc, char *argv[])
{
	struct config_paths paths = {
		CONFIG_DEFAULT_FILE, CONFIG_DEFAULT_DIR, NULL
	};
	struct config	 cfg;
	struct bird_targets bt;
	struct buf	 err = { 0 }, out = { 0 };
	unsigned int	 seen = 0, bit;
	int		 ch, bad = 0, do_check = 0, do_print = 0, do_printconf = 0;
	int		 do_help = 0, do_version = 0, do_status = 0, do_json = 0;
	int		 idx;
	char		 reason[64];
	const char	*lo;

	std_fds();
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:d:F:cpPvh", longopts,
	    &idx)) != -1) {
		if (ch == ':') {
			if ((lo = long_name(argv[optind - 1], optopt)) != NULL)
				snprintf(reason, sizeof(reason), "--%s requires "
				    "argument", lo);
			else if (optopt != 0)
				snprintf(reason, sizeof(reason), "-%c requires "
				    "argument", optopt);
			else
				snprintf(reason, sizeof(reason), "%.40s requires "
				    "argument", argv[optind - 1]);
			usage(reason);
		}
		/* "--check=yes": glibc sets optopt; docopt stops right there */
		if (ch == '?' && optopt != 0 &&
		    (lo = long_name(argv[optind - 1], optopt)) != NULL) {
			snprintf(reason, sizeof(reason), "--%s must not have an "
			    "argument", lo);
			usage(reason);
		}
		if (ch == '?') {
			if (optopt == 0 && strncmp(argv[optind - 1], "--", 2) == 0 &&
			    argv[optind - 1][2] != '\0') {
				const struct option *o;
				size_t	 n = 0, len = strcspn(argv[optind - 1] + 2,
				    "=");

				for (o = longopts; o->name != NULL; o++)
					n += strncmp(o->name,
					    argv[optind - 1] + 2, len) == 0;
				if (n > 1)
					ambiguous(argv[optind - 1]);
			}
			bad = 1;
			continue;
		}
		/* docopt takes each option at most once */
		bit = 1u << (strchr(OPTCHARS, ch) - OPTCHARS);
		if (seen & bit)
			bad = 1;
		seen |= bit;
		switch (ch) {
		case 'f':
			paths.file = optarg;
			break;
		case 'd':
			paths.dir = optarg;
			break;
		case 'F':
			paths.service_file = optarg;
			break;
		case 'c':
			do_check = 1;
			break;
		case 'p':
			do_print = 1;
			break;
		case 'P':
			do_printconf = 1;
			break;
		case 'v':
			do_version = 1;
			break;
		case 'S':
			do_status = 1;
			break;
		case 'J':
			do_json = 1;
			break;
		case 'h':
			do_help = 1;
			break;
		}
	}
	if (do_help) {
		fputs(help, stdout);
		return 0;
	}
	if (do_version) {
		puts(VERSION);
		return 0;
	}
	if (bad || optind < argc || ((seen & 2u) && (seen & 4u)))
		usage(NULL);
	/* --status and --json are ours: docopt refuses them upstream */
	if (do_json && !do_status)
		usage("--json goes with --status");
	if (do_status) {
		if (do_check || do_print || do_printconf)
			usage("--status goes alone with -f");
		return status_main(&paths, do_json);
	}

	if (do_print) {
		printconf_defaults(&out);
		fwrite(out.s, 1, out.len, stdout);
		buf_free(&out);
		return 0;
	}

	config_init(&cfg);
	if (config_load(&cfg, &paths, &err) == -1 ||
	    validate_config(&cfg, &err) == -1 ||
	    validate_bird(&cfg, &bt, &err) == -1 ||
	    (validate_is_bird(&cfg) && bird_create_files(&bt, &err) == -1))
		invalid(err.s);

	if (do_check) {
		puts("OK");
		goto done;
	}
	if (do_printconf) {
		if (printconf_config(&cfg, &out, &err) == -1)
			invalid(err.s);
		fwrite(out.s, 1, out.len, stdout);
		goto done;
	}
	daemon_main(&cfg, &bt, &paths);
done:
	bird_targets_free(&bt);
	config_free(&cfg);
	buf_free(&out);
	buf_free(&err);
	return 0;
}
