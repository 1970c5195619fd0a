/*
 * The checks upstream makes before it starts, in its order and with its
 * messages, so a config it refuses is refused here with the same words.
 * One difference: check_cmd is only looked up, never run.
 */

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "path.h"
#include "promhttp.h"
#include "pystr.h"
#include "shlex.h"
#include "progpath.h"
#include "spawn.h"
#include "validate.h"

enum opt_type { T_STR, T_INT, T_FLOAT, T_BOOL };

/*
 * What a number of seconds may be.  Upstream takes any float, and nan, 0
 * or a negative interval makes a thread spin or never time out; the upper
 * bound keeps every conversion to milliseconds in range.
 */
enum opt_range { R_ANY, R_POSITIVE, R_NONNEGATIVE };

#define SECONDS_MAX	1000000.0

struct opt_rule {
	const char	*name;
	enum opt_type	 type;
	int		 optional;
	enum opt_range	 range;
};

static const struct opt_rule daemon_rules[] = {
	{ "pidfile", T_STR, 0, R_ANY },
	{ "bird_conf", T_STR, 0, R_ANY },
	{ "bird6_conf", T_STR, 0, R_ANY },
	{ "bird_variable", T_STR, 0, R_ANY },
	{ "bird6_variable", T_STR, 0, R_ANY },
	{ "log_maxbytes", T_INT, 0, R_ANY },
	{ "log_backups", T_INT, 0, R_ANY },
	{ "log_file", T_STR, 1, R_ANY },
	{ "stderr_file", T_STR, 1, R_ANY },
	{ "stderr_log_server", T_BOOL, 1, R_ANY },
	{ "log_server", T_STR, 1, R_ANY },
	{ "log_server_port", T_INT, 0, R_ANY },
	{ "json_stdout", T_BOOL, 0, R_ANY },
	{ "json_log_server", T_BOOL, 0, R_ANY },
	{ "json_log_file", T_BOOL, 0, R_ANY },
	{ "purge_ip_prefixes", T_BOOL, 0, R_ANY },
	{ "bird_keep_changes", T_BOOL, 0, R_ANY },
	{ "bird6_keep_changes", T_BOOL, 0, R_ANY },
	{ "bird_changes_counter", T_INT, 0, R_ANY },
	{ "bird6_changes_counter", T_INT, 0, R_ANY },
	{ "bird_reconfigure_cmd", T_STR, 0, R_ANY },
	{ "bird6_reconfigure_cmd", T_STR, 0, R_ANY },
	{ "splay_startup", T_FLOAT, 1, R_NONNEGATIVE },
	{ "prometheus_exporter", T_BOOL, 0, R_ANY },
	{ "prometheus_collector_textfile_dir", T_STR, 0, R_ANY },
	{ "prometheus_exporter_interval", T_INT, 0, R_ANY },
	/* Not checked by upstream's -c, but read at start-up. */
	{ "log_format_journalctl", T_BOOL, 0, R_ANY },
	/* The 0.6 series' JSON over HTTP, which we keep. */
	{ "json_logging", T_BOOL, 1, R_ANY },
	/* ours, which upstream ignores */
	{ "prometheus_listen", T_STR, 1, R_ANY },
	{ "announcer", T_STR, 1, R_ANY },
	{ "frr_vtysh", T_STR, 1, R_ANY },
	{ "frr_socket", T_STR, 1, R_ANY },
	{ "frr_vrf", T_STR, 1, R_ANY },
	{ "gobgp_cmd", T_STR, 1, R_ANY },
	{ "gobgp_nexthop", T_STR, 1, R_ANY },
	{ "resync_interval", T_FLOAT, 1, R_POSITIVE },
	{ "drain_community", T_STR, 1, R_ANY },
	{ "bird_drain_variable", T_STR, 1, R_ANY },
	{ "bird6_drain_variable", T_STR, 1, R_ANY },
	{ NULL, T_STR, 0, R_ANY }
};

/* Required once json_logging is on. */
static const struct opt_rule http_rules[] = {
	{ "http_server", T_STR, 0, R_ANY },
	{ "http_server_port", T_INT, 0, R_ANY },
	{ "http_server_protocol", T_STR, 0, R_ANY },
	{ "http_server_timeout", T_FLOAT, 0, R_POSITIVE },
	{ NULL, T_STR, 0, R_ANY }
};

static const struct opt_rule service_rules[] = {
	{ "check_cmd", T_STR, 0, R_ANY },
	{ "check_interval", T_FLOAT, 0, R_POSITIVE },
	{ "check_timeout", T_FLOAT, 0, R_POSITIVE },
	{ "check_rise", T_INT, 0, R_ANY },
	{ "check_fail", T_INT, 0, R_ANY },
	{ "check_disabled", T_BOOL, 0, R_ANY },
	{ "on_disabled", T_STR, 0, R_ANY },
	{ "ip_prefix", T_STR, 0, R_ANY },
	{ "interface", T_STR, 0, R_ANY },
	{ "ip_check_disabled", T_BOOL, 0, R_ANY },
	{ "custom_bird_reconfigure_cmd_timeout", T_FLOAT, 1, R_POSITIVE },
	{ "custom_bird_reconfigure_cmd", T_STR, 1, R_ANY },
	/* ours, which upstream ignores */
	{ "on_exit", T_STR, 1, R_ANY },
	{ "maintenance_file", T_STR, 1, R_ANY },
	{ "check_tls_verify", T_BOOL, 1, R_ANY },	/* check_http's */
	{ "check_tls_ca", T_STR, 1, R_ANY },		/* check_http's */
	{ "bgp_community", T_STR, 1, R_ANY },
	{ "frr_vrf", T_STR, 1, R_ANY },
	{ "drain_seconds", T_FLOAT, 1, R_NONNEGATIVE },
	{ "on_down", T_STR, 1, R_ANY },
	{ NULL, T_STR, 0, R_ANY }
};

/* One typed get; the where string completes "invalid data ... in %s". */
static int
check_rule(struct config *cfg, const char *section, const char *where,
    const struct opt_rule *r, struct buf *err)
{
	struct buf	 why = { 0 };
	char		*s;
	long long	 i;
	double		 f;
	int		 b, rc = 0;

	if (r->optional && !config_has(cfg, section, r->name))
		return 0;
	switch (r->type) {
	case T_STR:
		if ((rc = config_get(cfg, section, r->name, &s, &why)) == 0)
			free(s);
		break;
	case T_INT:
		rc = config_getint(cfg, section, r->name, &i, &why);
		break;
	case T_FLOAT:
		rc = config_getfloat(cfg, section, r->name, &f, &why);
		if (rc == 0 && r->range != R_ANY && !(isfinite(f) &&
		    (r->range == R_POSITIVE ? f > 0 : f >= 0) &&
		    f <= SECONDS_MAX) &&
		    config_get(cfg, section, r->name, &s, &why) == 0) {
			buf_addf(&why, "%s is not a number of seconds %s "
			    "%.0f", s, r->range == R_POSITIVE ?
			    "greater than 0 and at most" : "from 0 to",
			    SECONDS_MAX);
			free(s);
			rc = -2;
		}
		break;
	case T_BOOL:
		rc = config_getbool(cfg, section, r->name, &b, &why);
		break;
	}
	if (rc == -2)
		buf_addf(err, "invalid data for '%s' option in %s: %s",
		    r->name, where, why.s);
	else if (rc == -1)
		buf_add(err, why.s);
	buf_free(&why);
	return rc ? -1 : 0;
}

/* loglevel as upstream reads it: getattr(logging, s.upper()). */
int
validate_loglevel(const char *s, int *level)
{
	static const struct { const char *name; int level; } names[] = {
		{ "DEBUG", LOG_LEVEL_DEBUG }, { "INFO", LOG_LEVEL_INFO },
		{ "WARNING", LOG_LEVEL_WARNING }, { "WARN", LOG_LEVEL_WARNING },
		{ "ERROR", LOG_LEVEL_ERROR }, { "CRITICAL", LOG_LEVEL_CRITICAL },
		{ "FATAL", LOG_LEVEL_CRITICAL }, { "NOTSET", 0 },
	};
	size_t	 i;
	char	*up = py_upper(s);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(up, names[i].name) == 0) {
			*level = names[i].level;
			free(up);
			return 0;
		}
	free(up);
	return -1;
}

/*
 * Upstream touches log_file and stderr_file; we only prove they could be
 * opened for appending, so -c leaves no file behind.
 */
static int
check_appendable(const char *path, struct buf *err)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1 && errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd != -1)
			unlink(path);
	}
	if (fd == -1 && errno != ENXIO) {
		py_oserror(err, errno, path);
		return -1;
	}
	if (fd != -1)
		close(fd);
	return 0;
}

static int
check_http(struct config *cfg, struct buf *err)
{
	const struct opt_rule *r;
	char	*proto;
	int	 on = 0, rc = 0;

	if (!config_has(cfg, "daemon", "json_logging") ||
	    config_getbool(cfg, "daemon", "json_logging", &on, err) != 0 ||
	    !on)
		return 0;
	for (r = http_rules; r->name != NULL; r++)
		if (check_rule(cfg, "daemon", "daemon section", r, err) == -1)
			return -1;
	if (config_get(cfg, "daemon", "http_server_protocol", &proto, err) != 0)
		return -1;
	if (strcmp(proto, "http") != 0 && strcmp(proto, "https") != 0) {
		buf_addf(err, "invalid data for 'http_server_protocol' option in "
		    "daemon section: %s is neither http nor https", proto);
		rc = -1;
	}
	free(proto);
	return rc;
}

static int
check_listen(struct config *cfg, struct buf *err)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	char			*v;
	int			 rc = 0;

	if (!config_has(cfg, "daemon", "prometheus_listen"))
		return 0;
	if (config_get(cfg, "daemon", "prometheus_listen", &v, err) == -1)
		return -1;
	if (promhttp_parse(v, &ss, &len) == -1) {
		buf_addf(err, "invalid value (%s) for 'prometheus_listen' option "
		    "in daemon section: it should be ADDRESS:PORT with a "
		    "numeric address, as 127.0.0.1:9177 or [::1]:9177", v);
		rc = -1;
	}
	free(v);
	return rc;
}

static int
check_daemon(struct config *cfg, struct buf *err)
{
	static const char *const files[] = { "log_file", "stderr_file" };
	const struct opt_rule *r;
	struct stat	 sb;
	char		*level = NULL, *pidfile = NULL, *dir = NULL, *path;
	size_t		 i;
	int		 rc = -1, lvl;

	if (config_get(cfg, "daemon", "loglevel", &level, err) == -1 ||
	    config_get(cfg, "daemon", "pidfile", &pidfile, err) == -1)
		goto out;
	dir = path_dirname(pidfile);
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		buf_addf(err, "%s doesn't exit", dir);
		goto out;
	}
	if (validate_loglevel(level, &lvl) == -1) {
		buf_addf(err, "Invalid log level: %s", level);
		goto out;
	}
	for (i = 0; i < 2; i++) {
		if (!config_has(cfg, "daemon", files[i]))
			continue;
		if (config_get(cfg, "daemon", files[i], &path, err) == -1)
			goto out;
		if (check_appendable(path, err) == -1) {
			free(path);
			goto out;
		}
		free(path);
	}
	for (r = daemon_rules; r->name != NULL; r++)
		if (check_rule(cfg, "daemon", "daemon section", r, err) == -1)
			goto out;
	if (check_http(cfg, err) == -1 || check_listen(cfg, err) == -1 ||
	    validate_announcer(cfg, err) == -1)
		goto out;
	rc = 0;
out:
	free(level);
	free(pidfile);
	free(dir);
	return rc;
}

/* What execve(2) said of each program, for one validate_config() call. */
static struct strset	 trials;

static int
check_cmd(const char *service, const char *cmd, struct buf *err)
{
	char	**argv;
	size_t	  argc, known;
	int	  e;

	if (shlex_split(cmd, &argv, &argc, err) == -1)
		return -1;
	if (argc == 0) {
		buf_addf(err, "failed to run check command '%s' for service "
		    "check %s: the command is empty", cmd, service);
		shlex_free(argv);
		return -1;
	}
	/* one trial per program: a thousand services may share one */
	if (!strset_get(&trials, argv[0], strlen(argv[0]), &known)) {
		known = progpath_trial((char *const[]){ argv[0], NULL }, &e) ==
		    -1 ? (size_t)e : 0;
		strset_put(&trials, argv[0], strlen(argv[0]), known);
	}
	e = (int)known;
	/* the kernel sizes the arguments up before it looks at the file */
	if ((e == 0 || e == ENOEXEC || e == ELOOP) &&
	    progpath_too_big(argv, argv[0]))
		e = E2BIG;
	if (e != 0) {
		buf_addf(err, "failed to run check command '%s' for service "
		    "check %s: ", cmd, service);
		py_oserror(err, e, argv[0]);
		shlex_free(argv);
		return -1;
	}
	shlex_free(argv);
	return 0;
}

/*
 * An option of ours with two values, unset or a or b; said as upstream
 * says it of on_disabled.
 */
int
validate_either(struct config *cfg, const char *name, const char *opt,
    const char *a, const char *b, struct buf *err)
{
	char	*v;
	int	 rc = 0;

	if (!config_has(cfg, name, opt))
		return 0;
	if (config_get(cfg, name, opt, &v, err) == -1)
		return -1;
	if (strcmp(v, a) != 0 && strcmp(v, b) != 0) {
		buf_addf(err, "'%s' option has invalid value (%s) for service "
		    "check %s, '%s' option should be set either to '%s' or to "
		    "'%s'", opt, v, name, opt, a, b);
		rc = -1;
	}
	free(v);
	return rc;
}

/* The service options upstream ignores, so its configs keep their sense. */
static int
check_ours(struct config *cfg, const char *name, struct buf *err)
{
	char	*v;
	int	 rc;

	rc = validate_either(cfg, name, "on_exit", "keep", "withdraw", err);
	if (rc == 0 && config_has(cfg, name, "maintenance_file")) {
		if (config_get(cfg, name, "maintenance_file", &v, err) == -1)
			return -1;
		/* the daemon's working directory is no place to look */
		if (v[0] != '/') {
			buf_addf(err, "invalid value (%s) for 'maintenance_file' "
			    "option in service check %s: it must be an absolute "
			    "path", v, name);
			rc = -1;
		}
		free(v);
	}
	return rc;
}

static int
check_service(struct config *cfg, const char *name, int ipv4, int ipv6,
    struct buf *err)
{
	const struct opt_rule *r;
	struct buf	 where = { 0 };
	char		*on_disabled = NULL, *ip = NULL, *cmd = NULL;
	int		 rc = -1, has_cmd;

	/* check_cmd is optional once a built-in check is set */
	has_cmd = !validate_check_any(cfg, name) ||
	    config_has(cfg, name, "check_cmd");
	buf_addf(&where, "service check %s", name);
	for (r = service_rules; r->name != NULL; r++)
		if ((has_cmd || strcmp(r->name, "check_cmd") != 0) &&
		    check_rule(cfg, name, where.s, r, err) == -1)
			goto out;
	if (config_get(cfg, name, "on_disabled", &on_disabled, err) == -1 ||
	    config_get(cfg, name, "ip_prefix", &ip, err) == -1 ||
	    (has_cmd && config_get(cfg, name, "check_cmd", &cmd, err) == -1))
		goto out;
	if (strcmp(on_disabled, "withdraw") != 0 &&
	    strcmp(on_disabled, "advertise") != 0) {
		buf_addf(err, "'on_disabled' option has invalid value (%s) for "
		    "service check %s, 'on_disabled option should be set "
		    "either to 'withdraw' or to 'advertise'", on_disabled, name);
		goto out;
	}
	if (validate_prefixes(name, ip, ipv4, ipv6, err) == -1 ||
	    check_ours(cfg, name, err) == -1 ||
	    validate_checks(cfg, name, err) == -1 ||
	    validate_announce_service(cfg, name, err) == -1)
		goto out;
	if (has_cmd && check_cmd(name, cmd, err) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&where);
	free(on_disabled);
	free(ip);
	free(cmd);
	return rc;
}

int
validate_config(struct config *cfg, struct buf *err)
{
	size_t	 i;
	int	 ipv4, ipv6;

	if (check_daemon(cfg, err) == -1)
		return -1;
	if (config_getbool(cfg, "daemon", "ipv4", &ipv4, err) != 0 ||
	    config_getbool(cfg, "daemon", "ipv6", &ipv6, err) != 0)
		return -1;
	for (i = 0; i < cfg->nsects; i++) {
		if (strcmp(cfg->sects[i]->name, "daemon") == 0)
			continue;
		if (check_service(cfg, cfg->sects[i]->name, ipv4, ipv6,
		    err) == -1) {
			strset_free(&trials);
			return -1;
		}
	}
	strset_free(&trials);
	return validate_duplicates(cfg, err);
}
