#ifndef NOTIFY_H
#define NOTIFY_H

/*
 * systemd's readiness protocol (sd_notify(3)): datagrams to the socket
 * named by NOTIFY_SOCKET.  Without that variable every call does nothing.
 */

void	notify_init(void);
void	notify_send(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
int	notify_watchdog(int *);

#endif
