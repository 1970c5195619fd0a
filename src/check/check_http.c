/*
 * check_http = URL: passes when a GET returns a status in
 * check_http_status (200-299 by default) and, with check_http_expect, the
 * first 64 KiB of the body hold that text.  HTTPS verifies the
 * certificate and the name unless check_tls_verify = false.
 *
 * libcurl does the HTTP and TLS, in the service's thread.  The URL's host
 * is an address, so libcurl never starts its threaded resolver (the
 * Nagios plugin counts threads); check_http_host names the server for the
 * Host header, SNI and the certificate, pinned to that address.
 */
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "curlso.h"

#define HTTP_BODY_MAX	(64 * 1024)
#define HTTP_RANGES_MAX	32

struct http_conf {
	char	*url;		/* what libcurl gets */
	char	*shown;		/* as written, for the log */
	char	*resolve;	/* host:port:address, with check_http_host */
	char	*expect;
	char	*ca;		/* check_tls_ca, instead of the system's */
	int	 verify;
	int	 nranges;
	int	 lo[HTTP_RANGES_MAX], hi[HTTP_RANGES_MAX];
};

/* 200-299 or 200,204,301-302: three-digit codes from 100 to 599. */
static int
parse_status(const char *v, struct http_conf *c, struct buf *why)
{
	const char	*p = v;
	char		*ep;
	long		 lo, hi;

	for (c->nranges = 0; ; p = ep + 1) {
		lo = strtol(p, &ep, 10);
		hi = lo;
		if (ep != p && *ep == '-') {
			p = ep + 1;
			hi = strtol(p, &ep, 10);
		}
		if (ep == p || *p < '0' || *p > '9' || lo < 100 || hi > 599 ||
		    lo > hi || (*ep != ',' && *ep != '\0') ||
		    c->nranges == HTTP_RANGES_MAX) {
			buf_addf(why, "check_http_status %s: expected codes "
			    "from 100 to 599 and ranges, such as 200,301-302",
			    v);
			return -1;
		}
		c->lo[c->nranges] = (int)lo;
		c->hi[c->nranges++] = (int)hi;
		if (*ep == '\0')
			return 0;
	}
}

/* scheme://address[:port][/path]: the parts checked, the rest kept. */
static int
parse_url(const char *v, const char *host, struct http_conf *c,
    struct buf *why)
{
	const char	*auth, *end, *path;
	struct sockaddr_storage ss;
	socklen_t	 len;
	char		*hp, *port, addr[INET6_ADDRSTRLEN + 8];
	int		 tls;

	if (strncasecmp(v, "http://", 7) == 0)
		tls = 0;
	else if (strncasecmp(v, "https://", 8) == 0)
		tls = 1;
	else {
		buf_addf(why, "%s: the URL must start with http:// or "
		    "https://", v);
		return -1;
	}
	auth = v + (tls ? 8 : 7);
	end = auth + strcspn(auth, "/?#");
	path = end;
	if (strpbrk(v, " \t\r\n") != NULL || memchr(auth, '@',
	    (size_t)(end - auth)) != NULL || *end == '#') {
		buf_addf(why, "%s: no spaces, user or fragment in the URL", v);
		return -1;
	}
	hp = xstrndup(auth, (size_t)(end - auth));
	if (check_hostport(hp, tls ? 443 : 80, &ss, &len, why) == -1) {
		free(hp);
		return -1;
	}
	free(hp);
	if (host == NULL) {
		c->url = xstrdup(v);
		return 0;
	}
	/* -c named check_http_host already; this is the same rule */
	if (check_hostname(host, CHECK_NAME_HOST, why) == -1)
		return -1;
	/* ADDRESS:PORT or [ADDRESS]:PORT: libcurl's form, port last */
	check_addr_format(&ss, addr, sizeof(addr));
	port = strrchr(addr, ':');
	*port++ = '\0';
	xasprintf(&c->url, "%s://%s:%s%s", tls ? "https" : "http", host, port,
	    path);
	xasprintf(&c->resolve, "%s:%s:%s", host, port, addr);
	return 0;
}

static void
http_free(void *conf)
{
	struct http_conf	*c = conf;

	if (c == NULL)
		return;
	free(c->url);
	free(c->shown);
	free(c->resolve);
	free(c->expect);
	free(c->ca);
	free(c);
}

static int
http_parse(const char *v, const struct check_opts *o, void **conf,
    struct buf *why)
{
	struct http_conf	*c = xcalloc(1, sizeof(*c));

	c->shown = xstrdup(v);
	c->verify = o->tls_verify;
	if (o->http_expect != NULL)
		c->expect = xstrdup(o->http_expect);
	if (o->tls_ca != NULL)
		c->ca = xstrdup(o->tls_ca);
	if (parse_url(v, o->http_host, c, why) == -1 ||
	    parse_status(o->http_status != NULL ? o->http_status : "200-299",
	    c, why) == -1) {
		http_free(c);
		return -1;
	}
	*conf = c;
	return 0;
}

struct http_run {
	const char	*expect;
	struct buf	 body;
	int		 full;
};

static size_t
body(char *p, size_t sz, size_t n, void *arg)
{
	struct http_run	*r = arg;
	size_t		 want;

	if (r->expect == NULL)
		return sz * n;
	want = HTTP_BODY_MAX - r->body.len;
	if (sz * n < want)
		want = sz * n;
	buf_addn(&r->body, p, want);
	if (r->body.len < HTTP_BODY_MAX)
		return sz * n;
	r->full = 1;
	return 0;		/* enough: end the transfer */
}

static int
no_resolver(void *resolver, void *reserved, void *arg)
{
	(void)resolver, (void)reserved, (void)arg;
	return 1;
}

static enum check_verdict
verdict(const struct http_conf *c, CURL *h, CURLcode rc, struct http_run *r,
    const char *err, struct buf *why)
{
	long	 code = 0;
	int	 i;

	if (rc == CURLE_OPERATION_TIMEDOUT) {
		buf_addf(why, "GET %s: %s", c->shown, err);
		return CHECK_TIMEOUT;
	}
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && r->full)) {
		buf_addf(why, "GET %s: %s", c->shown, *err != '\0' ? err :
		    curlso.easy_strerror(rc));
		return CHECK_FAIL;
	}
	curlso.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	for (i = 0; i < c->nranges; i++)
		if (code >= c->lo[i] && code <= c->hi[i])
			break;
	if (i == c->nranges) {
		buf_addf(why, "GET %s: status %ld", c->shown, code);
		return CHECK_FAIL;
	}
	if (c->expect != NULL && (r->body.s == NULL || memmem(r->body.s,
	    r->body.len, c->expect, strlen(c->expect)) == NULL)) {
		buf_addf(why, "GET %s: status %ld, but the first %d KiB of the "
		    "body do not hold the expected text", c->shown, code,
		    HTTP_BODY_MAX / 1024);
		return CHECK_FAIL;
	}
	return CHECK_PASS;
}

/* How often a transfer looks at the stop flag, as the other kinds do. */
#define HTTP_SLICE_MS	100

/*
 * Run the transfer on a multi handle of its own, so that the wait for
 * the server is ours: the stop flag is seen within HTTP_SLICE_MS, where
 * curl_easy_perform() would look only at its once-a-second progress.
 */
static CURLcode
perform(CURL *h, const int *stop, int *stopped)
{
	CURLM		*m;
	CURLMsg		*msg;
	CURLcode	 rc = CURLE_OUT_OF_MEMORY;
	int		 running = 1, left, nfds;

	*stopped = 0;
	if ((m = curlso.multi_init()) == NULL)
		return rc;
	if (curlso.multi_add_handle(m, h) != CURLM_OK) {
		curlso.multi_cleanup(m);
		return rc;
	}
	rc = CURLE_RECV_ERROR;
	while (running) {
		if (curlso.multi_perform(m, &running) != CURLM_OK)
			break;
		while ((msg = curlso.multi_info_read(m, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE)
				rc = msg->data.result;
		if (!running)
			break;
		if (__atomic_load_n(stop, __ATOMIC_RELAXED)) {
			*stopped = 1;
			break;
		}
		if (curlso.multi_poll(m, NULL, 0, HTTP_SLICE_MS, &nfds) !=
		    CURLM_OK)
			break;
	}
	curlso.multi_remove_handle(m, h);
	curlso.multi_cleanup(m);
	return rc;
}

static enum check_verdict
http_run(const void *conf, double timeout, const int *stop, struct buf *why)
{
	const struct http_conf	*c = conf;
	struct http_run		 r = { c->expect, { 0 }, 0 };
	struct curl_slist	*pin = NULL;
	enum check_verdict	 v;
	char			 err[CURL_ERROR_SIZE] = "";
	CURLcode		 rc;
	CURL			*h;
	long			 ms = (long)(timeout * 1000) + 1;
	int			 stopped;

	if (curlso_load() == -1 || (h = curlso.easy_init()) == NULL) {
		buf_addf(why, "libcurl (libcurl4) cannot be loaded");
		return CHECK_FAIL;
	}
	curlso.easy_setopt(h, CURLOPT_URL, c->url);
	curlso.easy_setopt(h, CURLOPT_ERRORBUFFER, err);
	curlso.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curlso.easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
	curlso.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
	curlso.easy_setopt(h, CURLOPT_USERAGENT, "anycast-healthchecker");
	curlso.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curlso.easy_setopt(h, CURLOPT_WRITEFUNCTION, body);
	curlso.easy_setopt(h, CURLOPT_WRITEDATA, &r);
	/*
	 * A health check asks the service itself: never a proxy named by
	 * http_proxy, https_proxy or ALL_PROXY in the environment, which
	 * would answer for a dead service.  libcurl reads no other setting
	 * from the environment or a curlrc, and the rest of its defaults
	 * (no netrc, no redirects, no cookies) are what a check wants.
	 */
	curlso.easy_setopt(h, CURLOPT_PROXY, "");
	curlso.easy_setopt(h, CURLOPT_NOPROXY, "*");
	curlso.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, (long)c->verify);
	curlso.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, c->verify ? 2L : 0L);
	/* the bundle alone: the built-in CA path would add the system's */
	if (c->ca != NULL) {
		curlso.easy_setopt(h, CURLOPT_CAINFO, c->ca);
		curlso.easy_setopt(h, CURLOPT_CAPATH, NULL);
	}
	/*
	 * An address in the URL needs no resolver: libcurl takes it as it
	 * is, though it tells the resolver-start hook first.  A pinned name
	 * is found in libcurl's cache; the hook refuses any real lookup.
	 */
	if (c->resolve != NULL) {
		pin = curlso.slist_append(NULL, c->resolve);
		curlso.easy_setopt(h, CURLOPT_RESOLVE, pin);
		curlso.easy_setopt(h, CURLOPT_RESOLVER_START_FUNCTION,
		    no_resolver);
	}
	rc = perform(h, stop, &stopped);
	v = stopped ? CHECK_STOPPED : verdict(c, h, rc, &r, err, why);
	curlso.easy_cleanup(h);
	curlso.slist_free_all(pin);
	buf_free(&r.body);
	return v;
}

const struct check_kind check_http_kind = {
	"check_http", "http", http_parse, http_run, http_free
};
