/* libcurl through dlopen, for every user in the daemon (curlso.h). */
#include <dlfcn.h>
#include <pthread.h>

#include "curlso.h"

struct curlso curlso;

static pthread_once_t	 once = PTHREAD_ONCE_INIT;
static int		 loaded = -1;

static int
load(void)
{
	CURLcode	(*global_init)(long);
	void		*h;

	/* Debian's OpenSSL and GnuTLS builds of libcurl 4 */
	if ((h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL &&
	    (h = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL)
		return -1;
#define SYM(field, name)						\
	if ((*(void **)&curlso.field = dlsym(h, name)) == NULL)		\
		return -1
	SYM(multi_init, "curl_multi_init");
	SYM(easy_init, "curl_easy_init");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_perform, "curl_easy_perform");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(multi_fdset, "curl_multi_fdset");
	SYM(multi_timeout, "curl_multi_timeout");
	SYM(multi_perform, "curl_multi_perform");
	SYM(multi_info_read, "curl_multi_info_read");
	SYM(multi_add_handle, "curl_multi_add_handle");
	SYM(multi_remove_handle, "curl_multi_remove_handle");
	SYM(multi_poll, "curl_multi_poll");
	SYM(multi_cleanup, "curl_multi_cleanup");
#undef SYM
	if ((*(void **)&global_init = dlsym(h, "curl_global_init")) == NULL)
		return -1;
	/* once, before any handle: not every libcurl makes this thread-safe */
	return global_init(CURL_GLOBAL_DEFAULT) == 0 ? 0 : -1;
}

static void
load_once(void)
{
	loaded = load();
}

int
curlso_load(void)
{
	pthread_once(&once, load_once);
	return loaded;
}
