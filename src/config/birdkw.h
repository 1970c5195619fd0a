#ifndef BIRDKW_H
#define BIRDKW_H

/* Is name a BIRD keyword or built-in name, which BIRD refuses to define? */
int	birdkw_reserved(const char *);

#endif
