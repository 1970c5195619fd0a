/*
 * ip_prefix: each service's, in upstream's order and words, and the
 * prefixes that more than one service claims.
 */

#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "prefix.h"
#include "validate.h"

/* One item of ip_prefix: upstream's checks, in its order and words. */
static int
check_prefix(const char *name, const char *ip, int ipv4, int ipv6,
    struct prefix *p, struct buf *err)
{
	if (prefix_parse(ip, p) == -1) {
		buf_addf(err, "invalid value (%s) for 'ip_prefix' option in "
		    "service check %s. It should be an IP PREFIX in form of "
		    "ip/prefixlen.", ip, name);
		return -1;
	}
	if (p->scope[0] != '\0') {
		buf_addf(err, "invalid value (%s) for 'ip_prefix' option in "
		    "service check %s: BIRD takes no IPv6 zone index", ip, name);
		return -1;
	}
	if (!ipv6 && p->family == AF_INET6) {
		buf_addf(err, "IPv6 support is disabled in "
		    "anycast-healthchecker while there is an IPv6 prefix "
		    "configured for %s service check", name);
		return -1;
	}
	if (!ipv4 && p->family == AF_INET) {
		buf_addf(err, "IPv4 support is disabled in "
		    "anycast-healthchecker while there is an IPv4 prefix "
		    "configured for %s service check", name);
		return -1;
	}
	return 0;
}

/* ip_prefix, one prefix or (ours) a comma-separated list of them. */
int
validate_prefixes(const char *name, const char *raw, int ipv4, int ipv6,
    struct buf *err)
{
	struct strset	 seen = { 0 };
	struct prefix	 p;
	char		**items, norm[PREFIX_STRLEN];
	size_t		 i, n;
	int		 rc = 0;

	items = prefix_split(raw, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (n > 1 && items[i][0] == '\0') {
			buf_addf(err, "invalid value (%s) for 'ip_prefix' option "
			    "in service check %s: item %zu of the list is empty",
			    raw, name, i + 1);
			rc = -1;
		} else if (check_prefix(name, n > 1 ? items[i] : raw, ipv4,
		    ipv6, &p, err) == -1)
			rc = -1;
		else {
			prefix_format(&p, norm, sizeof(norm));
			if (!strset_add(&seen, norm, strlen(norm))) {
				buf_addf(err, "invalid value (%s) for "
				    "'ip_prefix' option in service check %s: %s "
				    "is listed twice", raw, name, norm);
				rc = -1;
			}
		}
	}
	strset_free(&seen);
	prefix_split_free(items);
	return rc;
}

/*
 * Upstream counts ip_prefix values as written, so 10.0.0.1 and 10.0.0.1/32
 * differ; it reports the first value, in reading order, seen twice.  The
 * items of a list count one by one, as written.
 */
int
validate_duplicates(struct config *cfg, struct buf *err)
{
	struct strset	 seen = { 0 }, twice = { 0 };
	char		**ips = NULL, **items, *raw;
	size_t		 i, j, k, n = 0, count;
	int		 rc = 0;

	for (i = 0; i < cfg->nsects; i++) {
		if (strcmp(cfg->sects[i]->name, "daemon") == 0)
			continue;
		/* validated already, so the get cannot fail */
		if (config_get(cfg, cfg->sects[i]->name, "ip_prefix", &raw,
		    err) == -1)
			fatalx("%s", err->s);
		items = prefix_split(raw, &k);
		free(raw);
		ips = xreallocarray(ips, n + k, sizeof(*ips));
		for (j = 0; j < k; j++) {
			ips[n] = items[j];
			if (!strset_add(&seen, ips[n], strlen(ips[n])))
				strset_add(&twice, ips[n], strlen(ips[n]));
			n++;
		}
		free(items);
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (!strset_has(&twice, ips[i], strlen(ips[i])))
			continue;
		count = 0;
		for (j = 0; j < n; j++)
			count += strcmp(ips[i], ips[j]) == 0;
		buf_addf(err, "%s is used by %zu service checks", ips[i],
		    count);
		rc = -1;
	}
	for (i = 0; i < n; i++)
		free(ips[i]);
	free(ips);
	strset_free(&seen);
	strset_free(&twice);
	return rc;
}
