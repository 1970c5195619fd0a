/*
 * -c for the built-in checks (check.h): each kind reads its own value,
 * and a service with one of them may go without check_cmd.  Upstream
 * ignores these options, so its configurations read as before.
 */
#include <stdlib.h>

#include "check.h"
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

int
validate_checks(struct config *cfg, const char *name, struct buf *err)
{
	const struct check_kind *const *k;
	struct buf	 why = { 0 };
	void		*conf;
	char		*v;
	int		 rc = 0;

	for (k = check_kinds; *k != NULL && rc == 0; k++) {
		if (!config_has(cfg, name, (*k)->option))
			continue;
		if (config_get(cfg, name, (*k)->option, &v, err) == -1)
			return -1;
		if ((*k)->parse(v, &conf, &why) == -1) {
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
	return rc;
}
