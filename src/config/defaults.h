#ifndef DEFAULTS_H
#define DEFAULTS_H

/* Upstream 0.9.10's built-in defaults, in its order: -p prints these. */
struct default_opt {
	const char	*section;
	const char	*key;
	const char	*value;
};

extern const struct default_opt default_options[];

#endif
