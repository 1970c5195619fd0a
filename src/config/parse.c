/*
 * Python configparser's grammar on top of libinih.
 *
 * Debian's libinih is built for a different dialect: it cuts lines at 200
 * bytes, takes " ;" as an inline comment, strips a UTF-8 BOM, continues a
 * value on any indented line, takes a section name up to the first ']'
 * and hands keys over in their original case.  Its runtime switches close
 * the first three gaps.  The rest is closed here: our reader decides, with
 * configparser's rules, what each physical line is (comment, blank,
 * continuation, section header, option, error) and hands libinih a
 * canonical line that it cannot read any other way; our handler folds key
 * case and joins continuation lines the way configparser does.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "log.h"
#include "pystr.h"

/* Marks an option line so libinih never reads it as a section header. */
#define OPT_MARK	'\x01'

enum line_kind { LINE_OPTION, LINE_CONT };

struct ini_state {
	struct config	*cfg;
	const char	*fpname;
	const char	*data;
	size_t		 len;
	size_t		 pos;
	size_t		 lineno;
	const char	*raw;		/* current physical line */
	size_t		 rawlen;
	int		 rawnl;		/* it ended with a line break */
	struct buf	 out;		/* canonical line for libinih */
	size_t		 out_off;
	enum line_kind	 kind;
	struct cfg_sect	*cursect;
	char		*optkey;	/* option that continuations extend */
	size_t		 indent_level;
	size_t		 pending_blanks;
	struct strset	 added;		/* sections and options of this file */
	struct buf	 perr;		/* ParsingError lines so far */
	struct buf	*err;
	int		 fatal;
};

static void
err_where(struct ini_state *st)
{
	buf_add(st->err, "While reading from ");
	py_repr_str(st->err, st->fpname);
	buf_addf(st->err, " [line %2zu]: ", st->lineno);
}

static void
repr_raw_line(struct ini_state *st, struct buf *b)
{
	struct buf	 l = { 0 };

	buf_addn(&l, st->raw, st->rawlen);
	if (st->rawnl)
		buf_addc(&l, '\n');
	py_repr(b, l.s, l.len);
	buf_free(&l);
}

static void
parse_error(struct ini_state *st)
{
	buf_addf(&st->perr, "\n\t[line %2zu]: ", st->lineno);
	repr_raw_line(st, &st->perr);
}

static void
section_start(struct ini_state *st, const char *name)
{
	struct config	*cfg = st->cfg;
	struct cfg_sect	*s;

	free(st->optkey);
	st->optkey = NULL;
	if (strcmp(name, CONFIG_DEFAULT_SECTION) == 0) {
		st->cursect = &cfg->defaults;
		return;
	}
	/* Option ids hold a NUL (section, key); a section id never does. */
	if (!strset_add(&st->added, name, strlen(name))) {
		err_where(st);
		buf_add(st->err, "section ");
		py_repr_str(st->err, name);
		buf_add(st->err, " already exists");
		st->fatal = 1;
		return;
	}
	if ((s = config_section(cfg, name)) == NULL)
		s = config_add_section(cfg, name);
	st->cursect = s;
}

/* Split off the next physical line; Python reads \n, \r\n and \r alike. */
static int
next_physical(struct ini_state *st)
{
	size_t	 i;

	if (st->pos >= st->len)
		return 0;
	st->raw = st->data + st->pos;
	for (i = st->pos; i < st->len; i++)
		if (st->data[i] == '\n' || st->data[i] == '\r')
			break;
	st->rawlen = i - st->pos;
	st->rawnl = i < st->len;
	if (i < st->len && st->data[i] == '\r' && i + 1 < st->len &&
	    st->data[i + 1] == '\n')
		i++;
	st->pos = i + (i < st->len);
	st->lineno++;
	return 1;
}

/*
 * Find the next line libinih has to see and prepare its canonical form.
 * Returns 0 at the end of the file or after a fatal error.
 */
static int
next_line(struct ini_state *st)
{
	const char	*s;
	size_t		 slen, indent, i, close;
	char		*name;

	while (!st->fatal && next_physical(st)) {
		s = py_strip(st->raw, st->rawlen, &slen);
		if (slen > 0 && (s[0] == '#' || s[0] == ';'))
			continue;
		if (slen == 0) {
			/* empty_lines_in_values: kept inside a value */
			if (st->cursect != NULL && st->optkey != NULL)
				st->pending_blanks++;
			continue;
		}
		indent = py_indent(st->raw, st->rawlen);
		buf_free(&st->out);
		st->out_off = 0;
		if (st->cursect != NULL && st->optkey != NULL &&
		    indent > st->indent_level) {
			st->kind = LINE_CONT;
			buf_addc(&st->out, ' ');
			buf_addn(&st->out, s, slen);
			buf_addc(&st->out, '\n');
			return 1;
		}
		st->indent_level = indent;
		st->pending_blanks = 0;
		/* "[" header "]": the header runs to the last ']'. */
		close = 0;
		if (s[0] == '[')
			for (i = 2; i < slen; i++)
				if (s[i] == ']')
					close = i;
		if (close > 0) {
			name = xstrndup(s + 1, close - 1);
			section_start(st, name);
			free(name);
			buf_add(&st->out, "[s]\n");
			return !st->fatal;
		}
		if (st->cursect == NULL) {
			buf_add(st->err, "File contains no section headers."
			    "\nfile: ");
			py_repr_str(st->err, st->fpname);
			buf_addf(st->err, ", line: %zu\n", st->lineno);
			repr_raw_line(st, st->err);
			st->fatal = 1;
			return 0;
		}
		if (memchr(s, '=', slen) == NULL &&
		    memchr(s, ':', slen) == NULL) {
			parse_error(st);
			continue;
		}
		st->kind = LINE_OPTION;
		buf_addc(&st->out, OPT_MARK);
		buf_addn(&st->out, s, slen);
		buf_addc(&st->out, '\n');
		return 1;
	}
	return 0;
}

/* An fgets(3) over the canonical lines. */
static char *
reader(char *str, int num, void *arg)
{
	struct ini_state *st = arg;
	size_t		 n;

	if (num < 2 || st->fatal)
		return NULL;
	if (st->out_off >= st->out.len && !next_line(st))
		return NULL;
	n = st->out.len - st->out_off;
	if (n > (size_t)num - 1)
		n = (size_t)num - 1;
	memcpy(str, st->out.s + st->out_off, n);
	str[n] = '\0';
	st->out_off += n;
	return str;
}

static void
option(struct ini_state *st, const char *name, const char *value)
{
	struct buf	 id = { 0 };
	const char	*p;
	char		*key, *val, *raw;
	size_t		 len;

	if (*name == OPT_MARK)
		name++;
	/* configparser strips the name's right end with \s, value both. */
	len = py_rstrip(name, strlen(name));
	raw = xstrndup(name, len);
	key = py_lower(raw);
	free(raw);
	if (*key == '\0')
		parse_error(st);

	buf_add(&id, st->cursect->name);
	buf_addn(&id, "", 1);
	buf_add(&id, key);
	if (!strset_add(&st->added, id.s, id.len)) {
		err_where(st);
		buf_add(st->err, "option ");
		py_repr_str(st->err, key);
		buf_add(st->err, " in section ");
		py_repr_str(st->err, st->cursect->name);
		buf_add(st->err, " already exists");
		st->fatal = 1;
		free(key);
		buf_free(&id);
		return;
	}
	buf_free(&id);

	p = py_strip(value, strlen(value), &len);
	val = xstrndup(p, len);
	cfg_set(st->cursect, key, val);
	free(val);
	free(st->optkey);
	st->optkey = NULL;
	if (*key != '\0')
		st->optkey = key;
	else
		free(key);
}

static int
handler(void *arg, const char *section, const char *name, const char *value)
{
	struct ini_state *st = arg;
	struct cfg_opt	*o;
	size_t		 len;
	const char	*p;

	(void)section;	/* ours is exact; libinih's is cut at 50 bytes */
	if (st->fatal)
		return 1;
	if (st->kind == LINE_OPTION) {
		option(st, name, value);
		return 1;
	}
	if ((o = cfg_find(st->cursect, st->optkey)) == NULL)
		return 1;
	for (; st->pending_blanks > 0; st->pending_blanks--)
		cfg_append(o, "\n", 1);
	cfg_append(o, "\n", 1);
	p = py_strip(value, strlen(value), &len);
	cfg_append(o, p, len);
	return 1;
}

int
parse_text(struct config *cfg, const char *fpname, const char *data,
    size_t len, struct buf *err)
{
	struct ini_state st;
	const char	*nul;
	int		 rc = 0;

	if (py_utf8_check(data, len, err) == -1)
		return -1;
	if ((nul = memchr(data, '\0', len)) != NULL) {
		buf_add(err, "File contains a NUL byte.\nfile: ");
		py_repr_str(err, fpname);
		buf_addf(err, ", byte: %zu", (size_t)(nul - data));
		return -1;
	}

	/* Close what switches can close of libinih's dialect gaps. */
	ini_allow_inline_comments = false;
	ini_allow_bom = false;
	ini_allow_multiline = true;
	ini_allow_no_value = false;
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = INT_MAX;

	memset(&st, 0, sizeof(st));
	st.cfg = cfg;
	st.fpname = fpname;
	st.data = data;
	st.len = len;
	st.err = err;
	if (ini_parse_stream(reader, &st, handler, &st) == -2)
		fatalx("libinih: out of memory");
	if (st.fatal)
		rc = -1;
	else if (st.perr.len > 0) {
		buf_add(err, "Source contains parsing errors: ");
		py_repr_str(err, fpname);
		buf_addn(err, st.perr.s, st.perr.len);
		rc = -1;
	}
	free(st.optkey);
	buf_free(&st.out);
	buf_free(&st.perr);
	strset_free(&st.added);
	return rc;
}

/*
 * Read one file.  Like configparser.read(), a file that cannot be opened
 * is passed over; we say so on stderr rather than lose it silently.
 */
int
parse_file(struct config *cfg, const char *path, struct buf *err)
{
	struct buf	 data = { 0 };
	struct stat	 sb;
	char		 chunk[65536];
	ssize_t		 n;
	int		 fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("skipping %s", path);
		return 0;
	}
	if (fstat(fd, &sb) == -1 || S_ISDIR(sb.st_mode)) {
		close(fd);
		return 0;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			py_oserror(err, errno, path);
			close(fd);
			buf_free(&data);
			return -1;
		}
		buf_addn(&data, chunk, (size_t)n);
	}
	close(fd);
	rc = parse_text(cfg, path, data.s ? data.s : "", data.len, err);
	buf_free(&data);
	return rc;
}
