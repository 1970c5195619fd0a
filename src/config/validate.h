#ifndef VALIDATE_H
#define VALIDATE_H

#include "config.h"
#include "util.h"

/* Where and how one IP version's prefix list is kept for BIRD. */
struct bird_target {
	int		 version;		/* 4 or 6 */
	char		*file;			/* symlinks resolved */
	char		*variable;
	char		*drain_variable;	/* bird_drain_variable */
	char		*dummy;
	char		*reconfigure_cmd;
	int		 keep_changes;
	long long	 changes_counter;
};

struct bird_targets {
	struct bird_target	 t[2];
	size_t			 n;
};

int	validate_config(struct config *, struct buf *);
int	validate_loglevel(const char *, int *);
int	validate_either(struct config *, const char *, const char *,
	    const char *, const char *, struct buf *);
int	validate_bird(struct config *, struct bird_targets *, struct buf *);
void	bird_targets_free(struct bird_targets *);

/* validate_prefix.c: ip_prefix */
int	validate_prefixes(const char *, const char *, int, int, struct buf *);
int	validate_duplicates(struct config *, struct buf *);

/* validate_announce.c: the announcer and the options of its kind */
int	validate_announcer(struct config *, struct buf *);
int	validate_is_bird(struct config *);
int	validate_announce_service(struct config *, const char *, struct buf *);
/* "65000:100 65000:200": each A:B from 0 to 65535; canonical in *out */
int	validate_community(const char *, char **, struct buf *);
/* a VRF's name as FRR takes it */
int	validate_vrf(const char *, struct buf *);

/* validate_check.c: the built-in checks of a service */
int	validate_check_any(struct config *, const char *);
int	validate_checks(struct config *, const char *, struct buf *);
struct check_opts;
int	check_opts_read(struct config *, const char *, struct check_opts *,
	    struct buf *);
void	check_opts_free(struct check_opts *);

#endif
