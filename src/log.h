#ifndef LOG_H
#define LOG_H

/*
 * The one logging API.  Until log_open() is called, messages go to stderr
 * unadorned, which is what the command-line modes want.  After it, each
 * message is a line in upstream's format:
 *
 *   2026-01-02 03:04:05,678 anycast-healthchecker[PID] LEVEL    THREAD MSG
 *
 * log_warn and fatal append strerror(errno).  log_error and log_crit
 * exist because upstream's ERROR and CRITICAL lines are part of what
 * operators match on.
 */

enum log_level {
	LOG_LEVEL_DEBUG = 10,
	LOG_LEVEL_INFO = 20,
	LOG_LEVEL_WARNING = 30,
	LOG_LEVEL_ERROR = 40,
	LOG_LEVEL_CRITICAL = 50
};

int	log_level_parse(const char *, int *);
int	log_open(int, const char *, int);
void	log_thread(const char *);

void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_crit(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
