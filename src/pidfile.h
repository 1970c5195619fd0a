#ifndef PIDFILE_H
#define PIDFILE_H

struct pidfh;

int		 pidfile_lock(void);
struct pidfh	*pidfile_claim(const char *);
void		 pidfile_release(struct pidfh *);

#endif
