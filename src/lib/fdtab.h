#ifndef FDTAB_H
#define FDTAB_H

/*
 * Service threads keep descriptor tables of their own (see service.c).
 * A new table is a copy of the shared one, which may hold anything the
 * main thread has open: the log file about to be rotated away, a
 * command's pipe.  Only the descriptors registered here are kept; a
 * thread opens whatever else it needs itself.
 */

void	fdtab_share(int);
void	fdtab_private(void);

#endif
