/*
 * The configuration reader end to end: configparser-style lexing through
 * libinih, continuation lines, then every value of every section read
 * back with interpolation, as -P does, and typed as validation types it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "parse.h"
#include "printconf.h"
#include "pystr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 cfg;
	struct buf	 err = { 0 }, out = { 0 };
	size_t		 i, j;
	long long	 n;
	double		 f;
	int		 b;

	config_init(&cfg);
	config_load_defaults(&cfg);
	if (parse_text(&cfg, "fuzz.conf", (const char *)data, size,
	    &err) == 0) {
		(void)printconf_config(&cfg, &out, &err);
		for (i = 0; i < cfg.nsects; i++)
			for (j = 0; j < cfg.sects[i]->nopts; j++) {
				const char *s = cfg.sects[i]->name;
				const char *k = cfg.sects[i]->opts[j].key;

				/* one conversion per key, varied by its name */
				buf_free(&err);
				switch (strlen(k) % 3) {
				case 0:
					(void)config_getint(&cfg, s, k, &n, &err);
					break;
				case 1:
					(void)config_getfloat(&cfg, s, k, &f,
					    &err);
					break;
				default:
					(void)config_getbool(&cfg, s, k, &b,
					    &err);
				}
			}
	}
	buf_free(&out);
	buf_free(&err);
	config_free(&cfg);
	return 0;
}
