/*
 * The validated configuration as typed values for the daemon.  Every get
 * here was checked by validate.c, so a failure is a bug, not bad input.
 */

#include <sys/socket.h>
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "settings.h"
#include "shlex.h"

/* Validated already: a failure here is a bug, not bad input. */
static void
must(int rc, struct buf *err)
{
	if (rc != 0)
		fatalx("%s", err->s);
}

static char *
str(struct config *cfg, const char *sect, const char *key)
{
	struct buf	 err = { 0 };
	char		*v = NULL;

	must(config_get(cfg, sect, key, &v, &err), &err);
	return v;
}

static void
service_prefixes(struct service *s)
{
	struct buf	 b = { 0 };
	char		**items;
	size_t		 i, n;

	items = prefix_split(s->prefix_raw, &n);
	s->pfx = xcalloc(n, sizeof(*s->pfx));
	for (i = 0; i < n; i++) {
		if (prefix_parse(items[i], &s->pfx[i].p) != 0)
			fatalx("ip_prefix %s of %s", items[i], s->name);
		prefix_format(&s->pfx[i].p, s->pfx[i].str,
		    sizeof(s->pfx[i].str));
		s->pfx[i].version = s->pfx[i].p.family == AF_INET ? 4 : 6;
		buf_addf(&b, "%s%s", i > 0 ? ", " : "", s->pfx[i].str);
	}
	s->npfx = n;
	s->prefix_str = buf_release(&b);
	prefix_split_free(items);
}

static void
service_checks(struct config *cfg, const char *name, struct service *s)
{
	const struct check_kind *const *k;
	struct check_opts *o = &s->check_opts;
	struct buf	 err = { 0 };
	struct check	*c;

	must(check_opts_read(cfg, name, o, &err), &err);
	for (k = check_kinds; *k != NULL; k++) {
		if (!config_has(cfg, name, (*k)->option))
			continue;
		s->checks = xreallocarray(s->checks, s->nchecks + 1,
		    sizeof(*s->checks));
		c = &s->checks[s->nchecks++];
		c->kind = *k;
		c->value = str(cfg, name, (*k)->option);
		if ((*k)->parse(c->value, o, &c->conf, &err) == -1)
			fatalx("%s of %s: %s", (*k)->option, name, err.s);
	}
}

static void
service_build(struct config *cfg, const char *name, struct service *s)
{
	struct buf	 err = { 0 };
	size_t		 argc;
	char		*v;

	memset(s, 0, sizeof(*s));
	s->custom_wish = -1;
	spawn_guard_init(&s->guard);
	s->name = xstrdup(name);
	service_checks(cfg, name, s);
	/* optional once a built-in check is set (validated before) */
	if (s->nchecks == 0 || config_has(cfg, name, "check_cmd")) {
		s->check_cmd = str(cfg, name, "check_cmd");
		must(shlex_split(s->check_cmd, &s->argv, &argc, &err), &err);
		s->cmdline = argv_join(s->argv);
	}
	must(config_getfloat(cfg, name, "check_interval", &s->interval, &err),
	    &err);
	must(config_getfloat(cfg, name, "check_timeout", &s->timeout, &err),
	    &err);
	must(config_getint(cfg, name, "check_rise", &s->rise, &err), &err);
	must(config_getint(cfg, name, "check_fail", &s->fail, &err), &err);
	must(config_getbool(cfg, name, "check_disabled", &s->disabled, &err),
	    &err);
	s->on_disabled = str(cfg, name, "on_disabled");
	s->advertise_when_disabled = strcmp(s->on_disabled, "advertise") == 0;
	must(config_getbool(cfg, name, "ip_check_disabled",
	    &s->ip_check_disabled, &err), &err);
	s->interface = str(cfg, name, "interface");
	s->prefix_raw = str(cfg, name, "ip_prefix");
	service_prefixes(s);
	if (config_has(cfg, name, "custom_bird_reconfigure_cmd"))
		s->custom_cmd = str(cfg, name, "custom_bird_reconfigure_cmd");
	s->custom_timeout = 2;
	if (config_has(cfg, name, "custom_bird_reconfigure_cmd_timeout"))
		must(config_getfloat(cfg, name,
		    "custom_bird_reconfigure_cmd_timeout", &s->custom_timeout,
		    &err), &err);
	if (config_has(cfg, name, "on_exit")) {
		v = str(cfg, name, "on_exit");
		s->withdraw_on_exit = strcmp(v, "withdraw") == 0;
		free(v);
	}
	if (config_has(cfg, name, "maintenance_file"))
		s->maintenance_file = str(cfg, name, "maintenance_file");
	if (config_has(cfg, name, "bgp_community")) {
		v = str(cfg, name, "bgp_community");
		must(validate_community(v, &s->community, &err), &err);
		free(v);
	}
	if (config_has(cfg, name, "drain_seconds"))
		must(config_getfloat(cfg, name, "drain_seconds",
		    &s->drain_seconds, &err), &err);
	if (config_has(cfg, name, "on_down")) {
		v = str(cfg, name, "on_down");
		s->drain_on_down = strcmp(v, "drain") == 0;
		free(v);
	}
	/* the service's (or DEFAULT's), else [daemon]'s */
	if (config_has(cfg, name, "frr_vrf"))
		s->vrf = str(cfg, name, "frr_vrf");
	else if (config_has(cfg, "daemon", "frr_vrf"))
		s->vrf = str(cfg, "daemon", "frr_vrf");
	health_init(&s->health, s->rise, s->fail);
	/* the JSON fields name the first prefix, the one upstream has */
	strlcpy(s->ip_address, s->pfx[0].str, sizeof(s->ip_address));
	s->ip_address[strcspn(s->ip_address, "/")] = '\0';
	s->extra.ip_address = s->ip_address;
	s->extra.prefix_length = (int)s->pfx[0].p.len;
	s->extra.ip_check_disabled = s->ip_check_disabled;
	s->extra.status = "unknown";
	s->extra.service = s->name;
}

/* Takes over bt; on return it is empty. */
int
settings_build(struct config *cfg, struct bird_targets *bt,
    struct settings *st, struct buf *err)
{
	size_t	 i, width;
	char	*v;

	memset(st, 0, sizeof(*st));
	st->bird = *bt;
	memset(bt, 0, sizeof(*bt));
	st->announcer = config_has(cfg, "daemon", "announcer") ?
	    str(cfg, "daemon", "announcer") : xstrdup("bird");
	st->frr_vtysh = config_has(cfg, "daemon", "frr_vtysh") ?
	    str(cfg, "daemon", "frr_vtysh") : xstrdup("/usr/bin/vtysh");
	if (config_has(cfg, "daemon", "frr_socket"))
		st->frr_socket = str(cfg, "daemon", "frr_socket");
	st->gobgp_cmd = config_has(cfg, "daemon", "gobgp_cmd") ?
	    str(cfg, "daemon", "gobgp_cmd") : xstrdup("/usr/bin/gobgp");
	if (config_has(cfg, "daemon", "gobgp_nexthop"))
		st->gobgp_nexthop = str(cfg, "daemon", "gobgp_nexthop");
	if (config_has(cfg, "daemon", "drain_community")) {
		v = str(cfg, "daemon", "drain_community");
		must(validate_community(v, &st->drain_community, err), err);
		free(v);
	} else
		st->drain_community = xstrdup("65535:0");
	st->resync_interval = 10;
	if (config_has(cfg, "daemon", "resync_interval"))
		must(config_getfloat(cfg, "daemon", "resync_interval",
		    &st->resync_interval, err), err);
	must(config_getbool(cfg, "daemon", "purge_ip_prefixes", &st->purge,
	    err), err);
	st->pidfile = str(cfg, "daemon", "pidfile");
	v = str(cfg, "daemon", "loglevel");
	if (validate_loglevel(v, &st->loglevel) != 0) {
		buf_addf(err, "Invalid log level: %s", v);
		free(v);
		return -1;
	}
	free(v);
	if (config_has(cfg, "daemon", "log_file"))
		st->log_file = str(cfg, "daemon", "log_file");
	must(config_getint(cfg, "daemon", "log_maxbytes", &st->log_maxbytes,
	    err), err);
	must(config_getint(cfg, "daemon", "log_backups", &st->log_backups,
	    err), err);
	if (config_has(cfg, "daemon", "log_server"))
		st->log_server = str(cfg, "daemon", "log_server");
	must(config_getint(cfg, "daemon", "log_server_port",
	    &st->log_server_port, err), err);
	must(config_getbool(cfg, "daemon", "json_stdout", &st->json_stdout,
	    err), err);
	must(config_getbool(cfg, "daemon", "json_log_file", &st->json_log_file,
	    err), err);
	must(config_getbool(cfg, "daemon", "json_log_server",
	    &st->json_log_server, err), err);
	must(config_getbool(cfg, "daemon", "log_format_journalctl",
	    &st->journal, err), err);
	if (config_has(cfg, "daemon", "stderr_file"))
		st->stderr_file = str(cfg, "daemon", "stderr_file");
	/* upstream looks only at whether it is set */
	st->stderr_log_server = config_has(cfg, "daemon", "stderr_log_server");
	if (config_has(cfg, "daemon", "json_logging"))
		must(config_getbool(cfg, "daemon", "json_logging",
		    &st->json_logging, err), err);
	if (st->json_logging) {
		st->http_server = str(cfg, "daemon", "http_server");
		st->http_server_port = str(cfg, "daemon", "http_server_port");
		st->http_server_protocol = str(cfg, "daemon",
		    "http_server_protocol");
		must(config_getfloat(cfg, "daemon", "http_server_timeout",
		    &st->http_server_timeout, err), err);
	}
	must(config_getbool(cfg, "daemon", "prometheus_exporter",
	    &st->prometheus, err), err);
	st->prometheus_dir = str(cfg, "daemon",
	    "prometheus_collector_textfile_dir");
	must(config_getint(cfg, "daemon", "prometheus_exporter_interval",
	    &st->prometheus_interval, err), err);
	if (config_has(cfg, "daemon", "prometheus_listen"))
		st->prometheus_listen = str(cfg, "daemon", "prometheus_listen");
	if ((st->has_splay = config_has(cfg, "daemon", "splay_startup")))
		must(config_getfloat(cfg, "daemon", "splay_startup", &st->splay,
		    err), err);

	/* upstream pads thread names to the longest section name + 1 */
	width = strlen(CONFIG_DEFAULT_SECTION);
	for (i = 0; i < cfg->nsects; i++)
		if (strlen(cfg->sects[i]->name) > width)
			width = strlen(cfg->sects[i]->name);
	st->log_width = (int)width + 1;

	st->svc = xcalloc(cfg->nsects ? cfg->nsects : 1, sizeof(*st->svc));
	for (i = 0; i < cfg->nsects; i++) {
		if (strcmp(cfg->sects[i]->name, "daemon") == 0)
			continue;
		st->svc[st->nsvc] = xcalloc(1, sizeof(**st->svc));
		service_build(cfg, cfg->sects[i]->name, st->svc[st->nsvc]);
		st->nsvc++;
	}
	st->drain_used = settings_drain_used(st);
	return 0;
}

int
settings_drain_used(const struct settings *st)
{
	size_t	 i;

	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i]->drain_seconds > 0 || st->svc[i]->drain_on_down)
			return 1;
	return 0;
}

struct bird_target *
settings_target(struct settings *st, int version)
{
	size_t	 i;

	for (i = 0; i < st->bird.n; i++)
		if (st->bird.t[i].version == version)
			return &st->bird.t[i];
	return NULL;
}

/* Where and how to log, as logsink_open() and logsink_reconfigure() take it. */
void
settings_log_conf(const struct settings *st, struct log_conf *lc)
{
	*lc = (struct log_conf){
		.level = st->loglevel, .width = st->log_width,
		.file = st->log_file, .maxbytes = st->log_maxbytes,
		.backups = st->log_backups, .json_file = st->json_log_file,
		.server = st->log_server, .port = st->log_server_port,
		.json_server = st->json_log_server,
		.json_stdout = st->json_stdout, .journal = st->journal,
		.stderr_file = st->stderr_file,
		.stderr_server = st->stderr_log_server,
	};
}

void
settings_service_free(struct service *s)
{
	size_t	 i;

	free(s->name);
	free(s->check_cmd);
	shlex_free(s->argv);
	free(s->cmdline);
	free(s->interface);
	free(s->on_disabled);
	free(s->prefix_raw);
	free(s->pfx);
	free(s->prefix_str);
	free(s->custom_cmd);
	free(s->maintenance_file);
	free(s->community);
	free(s->vrf);
	for (i = 0; i < s->nchecks; i++) {
		s->checks[i].kind->free(s->checks[i].conf);
		free(s->checks[i].value);
	}
	free(s->checks);
	check_opts_free(&s->check_opts);
	free(s);
}

static int
same_str(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static int
same_checks(const struct service *a, const struct service *b)
{
	const struct check_opts *x = &a->check_opts, *y = &b->check_opts;
	size_t	 i;

	if (a->nchecks != b->nchecks || !same_str(x->http_status,
	    y->http_status) || !same_str(x->http_expect, y->http_expect) ||
	    !same_str(x->http_host, y->http_host) ||
	    !same_str(x->tls_ca, y->tls_ca) || x->tls_verify != y->tls_verify)
		return 0;
	for (i = 0; i < a->nchecks; i++)
		if (a->checks[i].kind != b->checks[i].kind ||
		    strcmp(a->checks[i].value, b->checks[i].value) != 0)
			return 0;
	return 1;
}

/* Would a reload leave this service as it is?  Every option counts. */
int
settings_service_same(const struct service *a, const struct service *b)
{
	return strcmp(a->name, b->name) == 0 &&
	    same_str(a->check_cmd, b->check_cmd) && same_checks(a, b) &&
	    a->interval == b->interval && a->timeout == b->timeout &&
	    a->rise == b->rise && a->fail == b->fail &&
	    a->disabled == b->disabled &&
	    strcmp(a->on_disabled, b->on_disabled) == 0 &&
	    a->ip_check_disabled == b->ip_check_disabled &&
	    strcmp(a->interface, b->interface) == 0 &&
	    strcmp(a->prefix_raw, b->prefix_raw) == 0 &&
	    same_str(a->custom_cmd, b->custom_cmd) &&
	    a->custom_timeout == b->custom_timeout &&
	    a->withdraw_on_exit == b->withdraw_on_exit &&
	    same_str(a->maintenance_file, b->maintenance_file) &&
	    same_str(a->community, b->community) && same_str(a->vrf, b->vrf) &&
	    a->drain_seconds == b->drain_seconds &&
	    a->drain_on_down == b->drain_on_down;
}

/*
 * Do the two name the same prefixes, whatever the order and spelling?
 * Lists are short, and each is free of repeats (validated).
 */
int
settings_prefixes_same(const struct service *a, const struct service *b)
{
	size_t	 i, k;

	if (a->npfx != b->npfx)
		return 0;
	for (i = 0; i < a->npfx; i++) {
		for (k = 0; k < b->npfx; k++)
			if (strcmp(a->pfx[i].str, b->pfx[k].str) == 0)
				break;
		if (k == b->npfx)
			return 0;
	}
	return 1;
}

void
settings_free(struct settings *st)
{
	size_t	 i;

	for (i = 0; i < st->nsvc; i++)
		settings_service_free(st->svc[i]);
	free(st->svc);
	free(st->announcer);
	free(st->frr_vtysh);
	free(st->frr_socket);
	free(st->gobgp_cmd);
	free(st->gobgp_nexthop);
	free(st->drain_community);
	free(st->pidfile);
	free(st->log_file);
	free(st->log_server);
	free(st->stderr_file);
	free(st->http_server);
	free(st->http_server_port);
	free(st->http_server_protocol);
	free(st->prometheus_dir);
	free(st->prometheus_listen);
	bird_targets_free(&st->bird);
	buf_free(&st->bird_repr);
	buf_free(&st->bird_json);
	memset(st, 0, sizeof(*st));
}
