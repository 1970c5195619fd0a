#ifndef METRICS_H
#define METRICS_H

#include <pthread.h>

#include "settings.h"
#include "util.h"

extern pthread_mutex_t	 metrics_lock;

void	metrics_state(struct service *, double);
void	metrics_duration(struct service *, double);
void	metrics_check_duration(struct service *, size_t, double);
void	metrics_ip(struct service *, int);
void	metrics_timeout(struct service *);
void	metrics_render(struct buf *, struct settings *, double);
void	metrics_write(struct settings *, double);
void	metrics_clean(struct settings *);
void	metrics_float(struct buf *, double);

#endif
