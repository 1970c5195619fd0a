#ifndef PIDFILE_H
#define PIDFILE_H

struct pidfh;

int		 pidfile_lock(void);
int		 pidfile_parse(char *, long *);
struct pidfh	*pidfile_claim(const char *);
void		 pidfile_release(struct pidfh *);

#endif
