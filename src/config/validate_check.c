/*
 * -c for the built-in checks (check.h): each kind reads its own value,
 * and a service with one of them may go without check_cmd.  Upstream
 * ignores these options, so its configurations read as before.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "file.h"
#include "pystr.h"
#include "validate.h"

/* Has this service any built-in check? */
int
validate_check_any(struct config *cfg, const char *name)
{
	const struct check_kind *const *k;

	for (k = check_kinds; *k != NULL; k++)
		if (config_has(cfg, name, (*k)->option))
			return 1;
	return 0;
}

/*
 * The qualifying options; check_tls_verify's type is checked with the
 * other service options (validate.c), before this is called.
 */
int
check_opts_read(struct config *cfg, const char *name, struct check_opts *o,
    struct buf *err)
{
	memset(o, 0, sizeof(*o));
	o->tls_verify = 1;
	if ((config_has(cfg, name, "check_http_status") &&
	    config_get(cfg, name, "check_http_status", &o->http_status,
	    err) == -1) ||
	    (config_has(cfg, name, "check_http_expect") &&
	    config_get(cfg, name, "check_http_expect", &o->http_expect,
	    err) == -1) ||
	    (config_has(cfg, name, "check_http_host") &&
	    config_get(cfg, name, "check_http_host", &o->http_host,
	    err) == -1) ||
	    (config_has(cfg, name, "check_tls_ca") &&
	    config_get(cfg, name, "check_tls_ca", &o->tls_ca, err) == -1) ||
	    (config_has(cfg, name, "check_tls_verify") &&
	    config_getbool(cfg, name, "check_tls_verify", &o->tls_verify,
	    err) != 0)) {
		check_opts_free(o);
		return -1;
	}
	return 0;
}

void
check_opts_free(struct check_opts *o)
{
	free(o->http_status);
	free(o->http_expect);
	free(o->http_host);
	free(o->tls_ca);
	memset(o, 0, sizeof(*o));
}

/*
 * check_tls_ca: read now, as libcurl will on each check, so that a path
 * that could never verify anything is refused by -c, not found out by a
 * withdrawal.  Any file with a PEM certificate in it is taken.
 */
static int
tls_ca(const char *path, struct buf *why)
{
	struct stat	 sb;
	char		*text;
	int		 rc;

	if (path[0] != '/') {
		buf_add(why, "it must be an absolute path");
		return -1;
	}
	if ((rc = file_read(path, &text)) == -1) {
		py_oserror(why, errno, path);
		return -1;
	}
	if (rc == FILE_NOT_REGULAR) {
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			py_oserror(why, EISDIR, path);
		else
			buf_add(why, "it is not a regular file");
		return -1;
	}
	rc = strstr(text, "-----BEGIN CERTIFICATE-----") != NULL ? 0 : -1;
	if (rc == -1)
		buf_add(why, "no PEM certificate in it");
	free(text);
	return rc;
}

int
validate_checks(struct config *cfg, const char *name, struct buf *err)
{
	const struct check_kind *const *k;
	struct check_opts o;
	struct buf	 why = { 0 };
	void		*conf;
	char		*v;
	int		 rc = 0;

	if (check_opts_read(cfg, name, &o, err) == -1)
		return -1;
	if (o.tls_ca != NULL && tls_ca(o.tls_ca, &why) == -1) {
		buf_addf(err, "invalid value (%s) for 'check_tls_ca' option in "
		    "service check %s: %s", o.tls_ca, name, why.s);
		rc = -1;
	} else if (o.http_host != NULL && check_hostname(o.http_host,
	    CHECK_NAME_HOST, &why) == -1) {
		buf_addf(err, "invalid value (%s) for 'check_http_host' option "
		    "in service check %s: %s", o.http_host, name, why.s);
		rc = -1;
	}
	for (k = check_kinds; *k != NULL && rc == 0; k++) {
		if (!config_has(cfg, name, (*k)->option))
			continue;
		if (config_get(cfg, name, (*k)->option, &v, err) == -1) {
			rc = -1;
			break;
		}
		if ((*k)->parse(v, &o, &conf, &why) == -1) {
			buf_addf(err, "invalid value (%s) for '%s' option in "
			    "service check %s: %s", v, (*k)->option, name,
			    why.s);
			rc = -1;
		} else
			(*k)->free(conf);
		free(v);
		buf_reset(&why);
	}
	buf_free(&why);
	check_opts_free(&o);
	return rc;
}
