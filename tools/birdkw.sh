#!/bin/sh
# Regenerate src/config/birdkw.c: the names a BIRD binary refuses as a symbol
# ("define NAME = ..."), its keywords and built-in names.  Candidates are
# the CF_KEYWORDS and CF_ENUM names of a BIRD source tree (Debian's source
# package, unpacked) and the identifiers among the binary's strings; each
# is kept only if that binary refuses it.
#   sh tools/birdkw.sh /usr/sbin/bird bird-2.0.12 >src/config/birdkw.c
set -eu
bird=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	grep -rhoz 'CF_KEYWORDS([^)]*)' --include='*.Y' "$src" | tr '\0' '\n' |
	    sed 's/CF_KEYWORDS(//; s/)//' | tr ',' '\n' | tr -d ' \t' |
	    tr 'A-Z' 'a-z'
	grep -rhoz 'CF_ENUM[_A-Z]*([^)]*)' --include='*.Y' "$src" |
	    tr '\0' '\n' | sed 's/CF_ENUM[_A-Z]*(//; s/)//' |
	    while IFS=, read -r _ pfx rest; do
		pfx=$(echo "$pfx" | tr -d ' \t')
		echo "$rest" | tr ',' '\n' | tr -d ' \t' | sed "s/^/$pfx/"
	    done
	strings -n 2 "$bird" | grep -E '^[a-z_][a-z0-9_]*$'
} | grep -E '^[A-Za-z_][A-Za-z0-9_]*$' | LC_ALL=C sort -u >"$tmp/cand"
version=$("$bird" --version 2>&1 | sed -n 's/^BIRD version //p')
cat <<HDR
/*
 * Names BIRD refuses as a symbol: its keywords and built-in names, as
 * tools/birdkw.sh found them in BIRD $version (generated; do not edit).
 * A bird_variable that is one of them would make every file we write
 * unreadable to BIRD.
 */

#include <stdlib.h>
#include <string.h>

#include "birdkw.h"

static const char *const words[] = {
HDR
while read -r w; do
	printf 'define %s = [ 10.0.0.1/32 ];\nprotocol device {}\n' "$w" \
	    >"$tmp/c.conf"
	"$bird" -p -c "$tmp/c.conf" >/dev/null 2>&1 || printf '\t"%s",\n' "$w"
done <"$tmp/cand"
cat <<'TAIL'
};

static int
cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int
birdkw_reserved(const char *name)
{
	return bsearch(name, words, sizeof(words) / sizeof(words[0]),
	    sizeof(words[0]), cmp) != NULL;
}
TAIL
