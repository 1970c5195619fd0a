# anycast-healthchecker: a C drop-in for the Python anycast-healthchecker.
#
#   make          build src/anycast-healthchecker
#   make check    install missing Debian packages, then run every test
#                 (cmocka units, the same units under ASan+UBSan, bats CLI,
#                 bats end-to-end tests against real BIRD, and the unit
#                 and the package under a booted systemd, as root)
#   make demo     the daemon against a real BIRD in network namespaces
#   make deb      the Debian package, under build/deb

VERSION	?= 0.9.10
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/anycast-healthchecker
PLUGINDIR ?= $(PREFIX)/lib/nagios/plugins
UNITDIR	?= $(PREFIX)/lib/systemd/system

CC	?= cc
CFLAGS	?= -O2 -g
PKGS	 = inih libbsd-overlay jansson

# The warning set of OpenBSD's daemons (bgpd, relayd), plus format checks
# because log lines carry text that comes from configs and checks.
WARNINGS = -Wall -Wextra -Werror \
	-Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations \
	-Wshadow -Wpointer-arith -Wcast-qual -Wsign-compare \
	-Wformat=2 -Wformat-security -Wwrite-strings -Wundef

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) libcurl libmicrohttpd 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# One folder per layer; the core (main, engine, service, ...) is src/.
SRCDIRS	 = src src/lib src/log src/config src/check src/announce
HDRS	 = $(wildcard $(addsuffix /*.h,$(SRCDIRS)))
vpath %.c $(SRCDIRS)

ALL_CFLAGS = -std=gnu11 $(WARNINGS) -DVERSION='"$(VERSION)"' \
	-D_GNU_SOURCE -D_FORTIFY_SOURCE=2 $(addprefix -iquote ,$(SRCDIRS)) \
	$(PKG_CFLAGS) $(CFLAGS)
SAN_FLAGS  = -fsanitize=address,undefined,float-cast-overflow \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
LIBS	   = $(PKG_LIBS) -lresolv -lpthread

LIB_SRCS   = $(filter-out src/main.c,$(wildcard $(addsuffix /*.c,$(SRCDIRS))))
LIB_OBJS   = $(patsubst %.c,build/obj/%.o,$(notdir $(LIB_SRCS)))
SAN_OBJS   = $(patsubst %.c,build/san/%.o,$(notdir $(LIB_SRCS)))
UNIT_SRCS  = $(wildcard tests/unit/test_*.c)
UNITS	   = $(UNIT_SRCS:tests/unit/%.c=build/unit/%)
SAN_UNITS  = $(UNIT_SRCS:tests/unit/%.c=build/san/%)
BIN	   = src/anycast-healthchecker
PLUGIN	   = contrib/nagios/check_anycast_healthchecker

.PHONY: all check deps unit unit-san cli cli-san e2e e2e-san docs man demo \
	clean golden lint \
	install uninstall fuzz bench deb sys
.SUFFIXES:

all: $(BIN) $(PLUGIN)

# The Nagios plugin reads configs with the daemon's own reader.
$(PLUGIN): $(PLUGIN).c $(HDRS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

$(BIN): build/obj/main.o $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/obj/%.o: %.c $(HDRS) | build/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/san/%.o: %.c $(HDRS) | build/san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

build/unit/%: tests/unit/%.c tests/unit/*.h $(LIB_OBJS) | build/unit
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS) -lcmocka -lm

build/san/anycast-healthchecker: build/san/main.o $(SAN_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LIBS)

build/san/test_%: tests/unit/test_%.c tests/unit/*.h $(SAN_OBJS) | build/san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $< $(SAN_OBJS) $(LIBS) -lcmocka -lm

build/obj build/san build/unit:
	mkdir -p $@

deps:
	@sh tools/deps.sh

# deps runs first on its own so that pkg-config sees freshly installed
# libraries when the sub-make computes the flags.
check: deps
	@$(MAKE) --no-print-directory lint docs man unit unit-san cli cli-san \
	    e2e e2e-san sys

unit: $(UNITS)
	@for t in $(UNITS); do echo "== $$t"; $$t || exit 1; done

unit-san: $(SAN_UNITS)
	@for t in $(SAN_UNITS); do echo "== $$t (asan+ubsan)"; \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 $$t || exit 1; done

cli: $(BIN)
	bats -T tests/cli

# The golden cases again, against a sanitizer build of the daemon.
cli-san: build/san/anycast-healthchecker
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    BIN=$(CURDIR)/build/san/anycast-healthchecker \
	    sh tests/cli/golden.sh check

# Test code that cannot fail is refused (tools/lint-tests.sh).
lint:
	@sh tools/lint-tests.sh

# README.rst must be valid reStructuredText: a broken table hides text.
docs:
	python3 -c 'import sys, docutils.core; docutils.core.publish_string(open("README.rst").read(), writer_name="null", settings_overrides={"halt_level": 2})' && echo "README.rst: valid reStructuredText"

man:
	mandoc -T lint -W warning man/anycast-healthchecker.8 \
	    man/check_anycast_healthchecker.8 && echo "man pages: lint clean"

# Against real BIRD 2 daemons in network namespaces; needs root.
e2e: $(BIN) $(PLUGIN)
	bats -T tests/e2e

# The end-to-end suite again, against the sanitizer build and with every
# BIRD file's history kept; a sanitizer report fails the test (san.bash).
e2e-san: build/san/anycast-healthchecker $(PLUGIN)
	LAB_SAN=1 LAB_KEEP_CHANGES=1 \
	    LAB_BIN=$(CURDIR)/build/san/anycast-healthchecker bats -T tests/e2e

# Under a booted systemd in a container: the unit, the Debian package,
# the README's install and migration steps, BIRD 1.6.  The container's
# root is made once with debootstrap (tools/ctr-root.sh); needs root.
sys: $(BIN) $(PLUGIN)
	@sh tools/ctr-root.sh build/ctr/root
	@sh tools/deb.sh >/dev/null
	bats -T tests/sys

# The Debian package, under build/deb; lintian must report no error.
deb: deps
	@sh tools/deb.sh

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@bash tools/demo.sh

build/spawnfloor: bench/spawnfloor.c | build/obj
	$(CC) -O2 -pthread -o $@ $<

# linked as the daemon is, every library kept
build/threadfloor: bench/threadfloor.c $(HDRS) | build/obj
	$(CC) $(ALL_CFLAGS) -o $@ $< -Wl,--no-as-needed $(LIBS)

# Needs root: network namespaces.
bench: deps
	@$(MAKE) --no-print-directory $(BIN) build/spawnfloor build/threadfloor
	@bash bench/run.sh

# libFuzzer targets, built with clang; FUZZ_TIME seconds each.
FUZZ_CC    = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all
FUZZ_OBJS  = $(patsubst %.c,build/fuzz/%.o,$(notdir $(LIB_SRCS)))
FUZZERS	   = build/fuzz/fuzz_config build/fuzz/fuzz_plist build/fuzz/fuzz_shlex

build/fuzz/%.o: %.c $(HDRS) | build/fuzz
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -c -o $@ $<

build/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_OBJS) | build/fuzz
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_OBJS) $(LIBS)

build/fuzz:
	mkdir -p $@

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZERS)
	@sh fuzz/run.sh

# Rewrite the expected output of every CLI golden case from the current
# binary; review the diff before committing it.
golden: $(BIN)
	sh tests/cli/golden.sh regen

clean:
	rm -rf build $(BIN) $(PLUGIN)

# Never touches /etc: the example configuration goes to the docs.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PLUGINDIR) \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(DOCDIR)/examples/anycast-healthchecker.d \
	    $(DESTDIR)$(DOCDIR)/examples/bird2 $(DESTDIR)$(DOCDIR)/examples/bird1.6 \
	    $(DESTDIR)$(DOCDIR)/examples/frr $(DESTDIR)$(DOCDIR)/examples/gobgp \
	    $(DESTDIR)$(DOCDIR)/examples/exabgp \
	    $(DESTDIR)$(DOCDIR)/examples/prometheus \
	    $(DESTDIR)$(DOCDIR)/examples/grafana
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/anycast-healthchecker
	install -m 755 $(PLUGIN) \
	    $(DESTDIR)$(PLUGINDIR)/check_anycast_healthchecker
	install -m 644 man/anycast-healthchecker.8 \
	    man/check_anycast_healthchecker.8 $(DESTDIR)$(MANDIR)/man8/
	sed 's|@BINDIR@|$(BINDIR)|' contrib/systemd/anycast-healthchecker.service \
	    >$(DESTDIR)$(UNITDIR)/anycast-healthchecker.service
	chmod 644 $(DESTDIR)$(UNITDIR)/anycast-healthchecker.service
	install -m 644 README.rst LICENSE $(DESTDIR)$(DOCDIR)/
	install -m 644 anycast-healthchecker.conf.example \
	    $(DESTDIR)$(DOCDIR)/examples/anycast-healthchecker.conf
	install -m 644 anycast-healthchecker.d/*.conf \
	    $(DESTDIR)$(DOCDIR)/examples/anycast-healthchecker.d/
	install -m 644 contrib/sysconfig/anycast-healthchecker \
	    $(DESTDIR)$(DOCDIR)/examples/sysconfig
	install -m 644 contrib/sudoers/anycast-healthchecker \
	    $(DESTDIR)$(DOCDIR)/examples/sudoers
	install -m 644 contrib/systemd/no-sudo.conf \
	    $(DESTDIR)$(DOCDIR)/examples/no-sudo.conf
	install -m 644 contrib/bird/bird2/*.conf $(DESTDIR)$(DOCDIR)/examples/bird2/
	install -m 644 contrib/bird/bird1.6/*.conf \
	    $(DESTDIR)$(DOCDIR)/examples/bird1.6/
	install -m 644 contrib/frr/frr.conf $(DESTDIR)$(DOCDIR)/examples/frr/
	install -m 644 contrib/gobgp/gobgpd.toml $(DESTDIR)$(DOCDIR)/examples/gobgp/
	install -m 644 contrib/exabgp/exabgp.conf \
	    $(DESTDIR)$(DOCDIR)/examples/exabgp/
	install -m 644 contrib/prometheus/anycast-healthchecker.rules.yml \
	    $(DESTDIR)$(DOCDIR)/examples/prometheus/
	install -m 644 contrib/grafana/anycast-healthchecker.json \
	    $(DESTDIR)$(DOCDIR)/examples/grafana/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/anycast-healthchecker \
	    $(DESTDIR)$(PLUGINDIR)/check_anycast_healthchecker \
	    $(DESTDIR)$(MANDIR)/man8/anycast-healthchecker.8 \
	    $(DESTDIR)$(MANDIR)/man8/check_anycast_healthchecker.8 \
	    $(DESTDIR)$(UNITDIR)/anycast-healthchecker.service
	rm -rf $(DESTDIR)$(DOCDIR)
