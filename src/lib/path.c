#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "path.h"
#include "util.h"

/* os.path.dirname() */
char *
path_dirname(const char *p)
{
	const char	*slash = strrchr(p, '/');
	size_t		 len, i;

	if (slash == NULL)
		return xstrdup("");
	len = (size_t)(slash - p) + 1;
	for (i = 0; i < len && p[i] == '/'; i++)
		;
	if (i < len)
		while (len > 1 && p[len - 1] == '/')
			len--;
	return xstrndup(p, len);
}

/* os.path.join(dir, name) for a relative name */
char *
path_join(const char *dir, const char *name)
{
	char	*p;
	size_t	 len = strlen(dir);

	xasprintf(&p, "%s%s%s", dir, len > 0 && dir[len - 1] != '/' ?
	    "/" : "", name);
	return p;
}

/*
 * The kernel's fs.protected_symlinks rule, which a readlink(2) of our own
 * would bypass: a link in a sticky world-writable directory is followed
 * only by its owner, or when the directory's owner owns it too.
 */
static int
follow_ok(const char *link, const struct stat *lsb)
{
	struct stat	 dsb;
	char		*dir = path_dirname(link);
	int		 ok;

	ok = stat(*dir ? dir : ".", &dsb) == 0 &&
	    (!(dsb.st_mode & S_ISVTX) || !(dsb.st_mode & S_IWOTH) ||
	    lsb->st_uid == geteuid() || lsb->st_uid == dsb.st_uid);
	free(dir);
	return ok;
}

/*
 * os.path.realpath() in its default, non-strict form: symlinks are
 * resolved as far as they lead, and a part that does not exist is kept
 * as written instead of making the call fail as realpath(3) would.
 * NULL, with errno EPERM, for a link that the kernel would not follow
 * (see follow_ok()).
 */
char *
path_realpath(const char *path)
{
	struct buf	 out = { 0 }, rest = { 0 };
	char		 cwd[PATH_MAX], link[PATH_MAX], *comp, *r;
	struct stat	 sb;
	ssize_t		 n;
	int		 hops = 0;
	size_t		 len, save;

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL) {
		buf_add(&rest, cwd);
		buf_addc(&rest, '/');
	}
	buf_add(&rest, path);
	buf_add(&out, "");
	while (rest.len > 0) {
		len = strcspn(rest.s + (rest.s[0] == '/'), "/") +
		    (rest.s[0] == '/');
		comp = xstrndup(rest.s, len);
		memmove(rest.s, rest.s + len, rest.len - len + 1);
		rest.len -= len;
		r = comp + (comp[0] == '/');
		if (*r == '\0' || strcmp(r, ".") == 0) {
			free(comp);
			continue;
		}
		if (strcmp(r, "..") == 0) {
			while (out.len > 0 && out.s[out.len - 1] != '/')
				out.len--;
			if (out.len > 0)
				out.len--;
			out.s[out.len] = '\0';
			free(comp);
			continue;
		}
		save = out.len;
		buf_addc(&out, '/');
		buf_add(&out, r);
		free(comp);
		if (lstat(out.s, &sb) == -1 || !S_ISLNK(sb.st_mode) ||
		    ++hops > 40)
			continue;
		if (!follow_ok(out.s, &sb)) {
			buf_free(&rest);
			buf_free(&out);
			errno = EPERM;
			return NULL;
		}
		if ((n = readlink(out.s, link, sizeof(link) - 1)) == -1)
			continue;
		link[n] = '\0';
		out.len = link[0] == '/' ? 0 : save;
		out.s[out.len] = '\0';
		/* splice the link's target in front of what is left */
		{
			struct buf	 t = { 0 };

			buf_add(&t, link[0] == '/' ? "" : "/");
			buf_add(&t, link);
			buf_add(&t, rest.s);
			buf_free(&rest);
			rest = t;
		}
	}
	buf_free(&rest);
	if (out.len == 0)
		buf_add(&out, "/");
	return buf_release(&out);
}

/*
 * A state file beside the pidfile: its name with ".pid" replaced by ext
 * (".bird", ".status"), or ext added.
 */
char *
path_beside_pidfile(const char *pidfile, const char *ext)
{
	size_t	 n = strlen(pidfile);
	char	*p;

	if (n > 4 && strcmp(pidfile + n - 4, ".pid") == 0)
		n -= 4;
	xasprintf(&p, "%.*s%s", (int)n, pidfile, ext);
	return p;
}
