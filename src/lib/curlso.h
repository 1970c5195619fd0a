#ifndef CURLSO_H
#define CURLSO_H

#include <sys/select.h>

#include <curl/curl.h>

/*
 * libcurl, loaded on first use (JSON over HTTP, check_http): linked in,
 * it would map its TLS and Kerberos libraries into every daemon,
 * megabytes of RSS that only these features need.
 */
struct curlso {
	CURLM		*(*multi_init)(void);
	CURL		*(*easy_init)(void);
	void		 (*easy_cleanup)(CURL *);
	CURLcode	 (*easy_perform)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		 (*slist_free_all)(struct curl_slist *);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char	*(*easy_strerror)(CURLcode);
	CURLMcode	 (*multi_fdset)(CURLM *, fd_set *, fd_set *, fd_set *,
			    int *);
	CURLMcode	 (*multi_timeout)(CURLM *, long *);
	CURLMcode	 (*multi_perform)(CURLM *, int *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
	CURLMcode	 (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_poll)(CURLM *, struct curl_waitfd *,
			    unsigned int, int, int *);
	CURLMcode	 (*multi_cleanup)(CURLM *);
};

extern struct curlso curlso;

/* Load and initialise it once, from any thread; 0, or -1 if it cannot. */
int	curlso_load(void);

#endif
