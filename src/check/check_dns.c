/*
 * check_dns = SERVER NAME [TYPE]: passes when SERVER answers the query
 * for NAME with NOERROR and at least one record of TYPE (A by default).
 * The query is made and the reply read by glibc's resolver library
 * (res_mkquery, ns_initparse, ns_parserr); only the UDP exchange is ours,
 * so that check_timeout bounds it and the stop flag can end it.
 */
#include <sys/socket.h>

#include <arpa/nameser.h>
#include <netinet/in.h>
#include <resolv.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check.h"

struct dns_conf {
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	char			 name[NS_MAXDNAME];
	int			 type;
	u_char			 query[NS_PACKETSZ];	/* made once; its ID */
	int			 qlen;			/* is new each round */
};

static const struct {
	const char	*name;
	int		 type;
} dns_types[] = {
	{ "A", ns_t_a }, { "AAAA", ns_t_aaaa }, { "TXT", ns_t_txt },
	{ "SOA", ns_t_soa }, { "NS", ns_t_ns }, { "MX", ns_t_mx },
	{ "CNAME", ns_t_cname }, { "PTR", ns_t_ptr }, { NULL, 0 }
};

static const char *const dns_rcodes[] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"
};

static const char *
type_name(int type)
{
	size_t	 i;

	for (i = 0; dns_types[i].name != NULL; i++)
		if (dns_types[i].type == type)
			return dns_types[i].name;
	return "?";
}

static int
dns_parse(const char *v, const struct check_opts *o, void **conf,
    struct buf *why)
{
	struct dns_conf	*c = xcalloc(1, sizeof(*c));
	char		*copy = xstrdup(v), *server, *name, *type, *more, *sp;
	size_t		 i;

	(void)o;
	server = strtok_r(copy, " \t", &sp);
	name = strtok_r(NULL, " \t", &sp);
	type = strtok_r(NULL, " \t", &sp);
	more = strtok_r(NULL, " \t", &sp);
	if (server == NULL || name == NULL || more != NULL) {
		buf_addf(why, "expected SERVER NAME [TYPE]");
		goto bad;
	}
	if (check_hostport(server, NS_DEFAULTPORT, &c->ss, &c->len, why) == -1)
		goto bad;
	if (check_hostname(name, CHECK_NAME_DNS, why) == -1)
		goto bad;
	strlcpy(c->name, name, sizeof(c->name));
	c->type = ns_t_a;
	if (type != NULL) {
		for (i = 0; dns_types[i].name != NULL; i++)
			if (strcasecmp(type, dns_types[i].name) == 0)
				break;
		if (dns_types[i].name == NULL) {
			buf_addf(why, "%s is not one of A, AAAA, TXT, SOA, NS, "
			    "MX, CNAME, PTR", type);
			goto bad;
		}
		c->type = dns_types[i].type;
	}
	/* res_mkquery() uses the thread's own _res: fine in any thread */
	if ((c->qlen = res_mkquery(ns_o_query, c->name, ns_c_in, c->type,
	    NULL, 0, NULL, c->query, sizeof(c->query))) == -1) {
		buf_addf(why, "%s is not a domain name", name);
		goto bad;
	}
	free(copy);
	*conf = c;
	return 0;
bad:
	free(copy);
	free(c);
	return -1;
}

/* A reply to some other query (a late one, say): wait on. */
#define DNS_NOT_OURS	((enum check_verdict)1)
/* Our ID, but an answer to another question: wait on, and say so. */
#define DNS_OTHER	((enum check_verdict)2)

/* Does the reply's one question ask what we asked? */
static int
same_question(const struct dns_conf *c, ns_msg *msg)
{
	ns_rr		 q;
	size_t		 a, b;
	const char	*name;

	if (ns_msg_count(*msg, ns_s_qd) != 1 || ns_parserr(msg, ns_s_qd, 0,
	    &q) == -1 || (int)ns_rr_type(q) != c->type ||
	    ns_rr_class(q) != ns_c_in)
		return 0;
	/* names compare without case, and without the root's dot */
	name = ns_rr_name(q);
	a = strlen(name);
	b = strlen(c->name);
	if (a > 0 && name[a - 1] == '.')
		a--;
	if (b > 0 && c->name[b - 1] == '.')
		b--;
	return a == b && strncasecmp(name, c->name, a) == 0;
}

/*
 * Is this reply ours, and what does it say?  A datagram with our ID
 * that is no reply (QR clear) or does not parse is the server's fault:
 * malformed, at once.
 */
static enum check_verdict
dns_answer(const struct dns_conf *c, const u_char *q, const u_char *a,
    int n, struct buf *why)
{
	ns_msg		 msg;
	ns_rr		 rr;
	int		 i, rcode, count;

	if (n < 2 || memcmp(q, a, 2) != 0)
		return DNS_NOT_OURS;
	if (n < NS_HFIXEDSZ || ns_initparse(a, n, &msg) == -1 ||
	    !ns_msg_getflag(msg, ns_f_qr)) {
		check_why(why, "query to", &c->ss, "malformed reply");
		return CHECK_FAIL;
	}
	if (!same_question(c, &msg))
		return DNS_OTHER;
	rcode = ns_msg_getflag(msg, ns_f_rcode);
	if (rcode != ns_r_noerror) {
		if (rcode < 6)
			buf_addf(why, "%s %s: rcode %s", c->name,
			    type_name(c->type), dns_rcodes[rcode]);
		else
			buf_addf(why, "%s %s: rcode %d", c->name,
			    type_name(c->type), rcode);
		return CHECK_FAIL;
	}
	count = ns_msg_count(msg, ns_s_an);
	for (i = 0; i < count; i++)
		if (ns_parserr(&msg, ns_s_an, i, &rr) == 0 &&
		    (int)ns_rr_type(rr) == c->type)
			return CHECK_PASS;
	buf_addf(why, "%s %s: no answer", c->name, type_name(c->type));
	return CHECK_FAIL;
}

static enum check_verdict
dns_run(const void *conf, double timeout, const int *stop, struct buf *why)
{
	const struct dns_conf	*c = conf;
	u_char			 q[NS_PACKETSZ], a[NS_MAXMSG];
	double			 deadline = clock_mono() + timeout;
	enum check_verdict	 v;
	uint32_t		 id = arc4random();
	int			 fd, n, r, other = 0;

	memcpy(q, c->query, (size_t)c->qlen);
	memcpy(q, &id, 2);
	if ((fd = check_connect(&c->ss, c->len, SOCK_DGRAM, deadline, stop, &v,
	    why)) == -1)
		return v;
	if (send(fd, q, (size_t)c->qlen, 0) != c->qlen) {
		check_why(why, "query to", &c->ss, strerror(errno));
		close(fd);
		return CHECK_FAIL;
	}
	for (;;) {
		if ((r = check_wait(fd, POLLIN, deadline, stop)) < 0) {
			if (r == CHECK_TIMEOUT)
				check_why(why, "query to", &c->ss, other ?
				    "no reply (a reply to another question was "
				    "ignored)" : "no reply");
			close(fd);
			return (enum check_verdict)r;
		}
		if ((n = (int)recv(fd, a, sizeof(a), 0)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			check_why(why, "query to", &c->ss, strerror(errno));
			close(fd);
			return CHECK_FAIL;
		}
		v = dns_answer(c, q, a, n, why);
		if (v == DNS_OTHER)
			other = 1;
		else if (v != DNS_NOT_OURS)
			break;
	}
	close(fd);
	return v;
}

const struct check_kind check_dns_kind = {
	"check_dns", "dns", dns_parse, dns_run, free
};
