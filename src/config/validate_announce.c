/*
 * -c for the announcers: which routing daemon is told, the commands that
 * tell it, and the service options only some of them can honour.
 * Upstream ignores every one of these options, so its configurations
 * read as before; the bird_* options stay valid with any announcer.
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "progpath.h"
#include "pystr.h"
#include "shlex.h"
#include "validate.h"

/* The routing daemons the daemon can tell (src/announce/announce_*.c). */
static const char *const announcers[] = {
	"bird", "frr", "gobgp", "exabgp", NULL
};

/* The announcer's name, validated before; "bird" when unset. */
static char *
announcer(struct config *cfg)
{
	struct buf	 err = { 0 };
	char		*v;

	if (!config_has(cfg, "daemon", "announcer") ||
	    config_get(cfg, "daemon", "announcer", &v, &err) == -1)
		v = xstrdup("bird");
	buf_free(&err);
	return v;
}

int
validate_is_bird(struct config *cfg)
{
	char	*v = announcer(cfg);
	int	 bird = strcmp(v, "bird") == 0;

	free(v);
	return bird;
}

/* A command option: it splits, and with its announcer, it exists. */
static int
command(struct config *cfg, const char *key, const char *def, int used,
    struct buf *err)
{
	char	**argv = NULL, *v, *path = NULL;
	size_t	  argc;
	int	  e, rc = -1;

	if (!config_has(cfg, "daemon", key))
		v = xstrdup(def);
	else if (config_get(cfg, "daemon", key, &v, err) == -1)
		return -1;
	if (shlex_split(v, &argv, &argc, err) == -1)
		goto out;
	if (argc == 0) {
		buf_addf(err, "invalid value (%s) for '%s' option in daemon "
		    "section: the command is empty", v, key);
		goto out;
	}
	if (used && progpath_search(argv[0], progpath_executable, &path,
	    &e) == -1) {
		buf_addf(err, "invalid value (%s) for '%s' option in daemon "
		    "section: ", v, key);
		py_oserror(err, e, argv[0]);
		goto out;
	}
	rc = 0;
out:
	free(path);
	shlex_free(argv);
	free(v);
	return rc;
}

int
validate_vrf(const char *v, struct buf *why)
{
	size_t	 n = strlen(v);

	/* FRR's VRF names: up to 35 bytes, no spaces */
	if (n == 0 || n > 35 || strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != n) {
		buf_addf(why, "a VRF name has 1 to 35 letters, digits, '_', "
		    "'.' or '-'");
		return -1;
	}
	return 0;
}

/*
 * frr_socket: where bgpd listens, absolute since the daemon runs from /,
 * and short enough for a socket address.  It need not exist yet: FRR may
 * start after the daemon, which retries until it can talk.
 */
static int
socket_path(const char *v, struct buf *why)
{
	struct sockaddr_un sun;

	if (v[0] != '/')
		buf_addf(why, "it should be an absolute path, such as "
		    "/var/run/frr/bgpd.vty");
	else if (strlen(v) >= sizeof(sun.sun_path))
		buf_addf(why, "a socket's path has at most %zu bytes",
		    sizeof(sun.sun_path) - 1);
	else
		return 0;
	return -1;
}

/* gobgp_nexthop: one numeric address, or one of each family. */
static int
nexthop(const char *v, struct buf *why)
{
	char		*copy = xstrdup(v), *tok, *sp;
	unsigned char	 a[16];
	int		 fam, seen4 = 0, seen6 = 0, rc = 0;

	for (tok = strtok_r(copy, ", \t", &sp); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ", \t", &sp)) {
		fam = inet_pton(AF_INET, tok, a) == 1 ? 4 :
		    inet_pton(AF_INET6, tok, a) == 1 ? 6 : 0;
		if (fam == 0 || (fam == 4 && seen4++) || (fam == 6 && seen6++))
			rc = -1;
	}
	if (rc == 0 && !seen4 && !seen6)
		rc = -1;
	if (rc == -1)
		buf_addf(why, "it should be a numeric address, or an IPv4 and "
		    "an IPv6 one separated by a comma");
	free(copy);
	return rc;
}

static int
community(const char *v, struct buf *why)
{
	return validate_community(v, NULL, why);
}

/* A [daemon] option of ours, if set: 0, or -1 with err naming it. */
static int
daemon_opt(struct config *cfg, const char *key,
    int (*check)(const char *, struct buf *), struct buf *err)
{
	struct buf	 why = { 0 };
	char		*v;
	int		 rc = 0;

	if (!config_has(cfg, "daemon", key))
		return 0;
	if (config_get(cfg, "daemon", key, &v, err) == -1)
		return -1;
	if (check(v, &why) == -1) {
		buf_addf(err, "invalid value (%s) for '%s' option in daemon "
		    "section: %s", v, key, why.s);
		rc = -1;
	}
	buf_free(&why);
	free(v);
	return rc;
}

int
validate_announcer(struct config *cfg, struct buf *err)
{
	char		*name = announcer(cfg);
	size_t		 i;
	int		 rc = -1;

	for (i = 0; announcers[i] != NULL; i++)
		if (strcmp(name, announcers[i]) == 0)
			break;
	if (announcers[i] == NULL) {
		buf_addf(err, "invalid value (%s) for 'announcer' option in "
		    "daemon section: it should be one of", name);
		for (i = 0; announcers[i] != NULL; i++)
			buf_addf(err, "%s %s", i > 0 ? "," : "", announcers[i]);
		goto out;
	}
	if (daemon_opt(cfg, "frr_socket", socket_path, err) == -1)
		goto out;
	/* vtysh is not run when the daemon talks to bgpd's socket */
	if (command(cfg, "frr_vtysh", "/usr/bin/vtysh", strcmp(name, "frr") ==
	    0 && !config_has(cfg, "daemon", "frr_socket"), err) == -1 ||
	    command(cfg, "gobgp_cmd", "/usr/bin/gobgp",
	    strcmp(name, "gobgp") == 0, err) == -1 ||
	    daemon_opt(cfg, "frr_vrf", validate_vrf, err) == -1 ||
	    daemon_opt(cfg, "gobgp_nexthop", nexthop, err) == -1 ||
	    daemon_opt(cfg, "drain_community", community, err) == -1)
		goto out;
	/* ExaBGP reads the routes from our stdout: no log line may go there */
	if (strcmp(name, "exabgp") == 0 && !config_has(cfg, "daemon",
	    "log_file") && !config_has(cfg, "daemon", "log_server")) {
		buf_addf(err, "announcer = exabgp: ExaBGP reads the routes from "
		    "the daemon's stdout, so the log cannot go there: set "
		    "log_file or log_server");
		goto out;
	}
	rc = 0;
out:
	free(name);
	return rc;
}

int
validate_community(const char *v, char **out, struct buf *why)
{
	struct buf	 canon = { 0 };
	char		*copy = xstrdup(v), *tok, *sp, *ep;
	long		 a, b;
	int		 rc = 0;

	for (tok = strtok_r(copy, " \t", &sp); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, " \t", &sp)) {
		errno = 0;
		a = strtol(tok, &ep, 10);
		if (ep == tok || *ep != ':' || *tok < '0' || *tok > '9') {
			rc = -1;
			break;
		}
		tok = ep + 1;
		b = strtol(tok, &ep, 10);
		if (ep == tok || *ep != '\0' || *tok < '0' || *tok > '9' ||
		    errno != 0 || a > 65535 || b > 65535)
			rc = -1;
		else
			buf_addf(&canon, "%s%ld:%ld", canon.len > 0 ? " " : "",
			    a, b);
	}
	if (rc == 0 && canon.len == 0)
		rc = -1;
	if (rc == -1) {
		buf_addf(why, "communities are A:B, each from 0 to 65535, "
		    "separated by spaces, such as 65000:100 65000:200");
		buf_free(&canon);
	} else if (out != NULL)
		*out = buf_release(&canon);
	else
		buf_free(&canon);
	free(copy);
	return rc;
}

int
validate_announce_service(struct config *cfg, const char *name,
    struct buf *err)
{
	struct buf	 why = { 0 };
	char		*v;
	int		 rc = 0;

	if (config_has(cfg, name, "bgp_community")) {
		if (config_get(cfg, name, "bgp_community", &v, err) == -1)
			return -1;
		if (validate_community(v, NULL, &why) == -1)
			rc = -1;
		else if (validate_is_bird(cfg)) {
			buf_addf(&why, "with announcer = bird, communities are "
			    "set in BIRD's export filter (bgp_community.add); "
			    "the daemon sets them with frr, gobgp and exabgp");
			rc = -1;
		}
		if (rc == -1)
			buf_addf(err, "invalid value (%s) for 'bgp_community' "
			    "option in service check %s: %s", v, name, why.s);
		free(v);
	}
	if (rc == 0)
		rc = validate_either(cfg, name, "on_down", "withdraw", "drain",
		    err);
	if (rc == 0 && config_has(cfg, name, "frr_vrf")) {
		if (config_get(cfg, name, "frr_vrf", &v, err) == -1)
			return -1;
		if ((rc = validate_vrf(v, &why)) == -1)
			buf_addf(err, "invalid value (%s) for 'frr_vrf' option in "
			    "service check %s: %s", v, name, why.s);
		free(v);
	}
	buf_free(&why);
	return rc;
}
