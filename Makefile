# zhixing: see README.  `make check` and `make demo` do all their own set-up.
PREFIX   ?= /usr/local
SHAREDIR ?= $(PREFIX)/share/zhixing
VERSION  := 0.1.0
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
# lib/LAYERS names the library's folders, lowest layer first; every folder
# with sources or headers is on the include path, so "#include "x.h"" works.
LAYERS   := $(shell sed -n 's/^\([a-z][a-z-]*\)$$/\1/p' lib/LAYERS)
LIB_HDR  := $(sort $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.h lib/$(l)/*/*.h)))
LIB_SRC  := $(sort $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c lib/$(l)/*/*.c)))
LIB_DIRS := $(sort $(patsubst %/,%,$(dir $(LIB_HDR) $(LIB_SRC))))
CPPFLAGS += $(addprefix -I,$(LIB_DIRS)) -DZX_VERSION='"$(VERSION)"' -DZX_SHAREDIR='"$(SHAREDIR)"'
LDLIBS   += -lcsv -ljansson -lpcre2-8 -lcrypto -lxlsxwriter -lm
BUILD    ?= build
BIN      ?= bin

DEB_DEPS := libcsv-dev libjansson-dev libpcre2-dev libssl-dev bats bats-support bats-assert jq clang libclang-rt-14-dev libxlsxwriter-dev python3-openpyxl chromium fonts-wqy-microhei parallel
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
CMD_SRC  := $(sort $(wildcard cmd/*.c))
TOOLS    := $(CMD_SRC:cmd/%.c=$(BIN)/%)
UNIT_SRC := $(sort $(wildcard t/unit/*.c))
UNITS    := $(UNIT_SRC:t/unit/%.c=$(BUILD)/t/%)
LIBZX    := $(BUILD)/libzx.a

.PHONY: all check test deps demo install clean asan valgrind bench fuzz samples
all: $(TOOLS) $(UNITS) $(BUILD)/gen $(BUILD)/csvfloor

$(BUILD)/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(LIBZX): $(LIB_OBJ)
	$(AR) rcs $@ $^
$(BIN)/%: cmd/%.c $(LIBZX) | $(BIN)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBZX) $(LDLIBS)
$(BUILD)/t/%: t/unit/%.c $(LIBZX) | $(BUILD)/t
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBZX) $(LDLIBS)
$(BUILD)/gen: bench/gen.c | $(BUILD)/t
	$(CC) $(WARN) $(CFLAGS) -o $@ $<
$(BUILD)/csvfloor: bench/csvfloor.c | $(BUILD)/t
	$(CC) $(WARN) $(CFLAGS) -o $@ $< -lcsv
$(BUILD)/t $(BIN):
	mkdir -p $@

# Installs the Debian packages the build needs when run as root; otherwise
# prints the exact command to run.
deps:
	@missing=""; for p in $(DEB_DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing) >/dev/null || exit 1; \
	  else \
	    echo "missing build dependencies; run: sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi

check: deps
	$(MAKE) all
	bats --tap t

test: all
	bats --tap t

demo: deps
	$(MAKE) all
	@sh tools/demo.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(TOOLS) $(DESTDIR)$(PREFIX)/bin/
	cp -R share/profiles share/calendar share/*.tsv $(DESTDIR)$(SHAREDIR)/
	install -m 644 share/man/man1/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

# ASan + UBSan build of everything, running the same suite.
asan: deps
	$(MAKE) BUILD=build-asan BIN=bin-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" all
	ZX_BIN=$(CURDIR)/bin-asan ZX_UNIT=$(CURDIR)/build-asan/t bats --tap t

valgrind: all
	ZX_VALGRIND=1 bats --tap t

# samples/: 240 synthetic cases as Excel on Chinese Windows saves them
# (GB18030, CRLF), with a few broken rows; reproducible from the seed.
samples: $(BUILD)/gen
	rm -rf $(BUILD)/samples && mkdir -p $(BUILD)/samples
	$(BUILD)/gen -n 240 -s 20261122 --broken --crlf $(BUILD)/samples
	for f in cases nodes funds; do iconv -f UTF-8 -t GB18030 $(BUILD)/samples/$$f.csv > samples/$$f.csv; done

# libFuzzer harnesses (fuzz/README): FUZZ_SECONDS each, crashes kept in t/fuzz/.
fuzz: all
	sh fuzz/run.sh $${FUZZ_SECONDS:-60}

# Installs jq, miller and GNU time from Debian when missing (as root).
bench: all
	@for p in jq miller time valgrind; do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || \
	  { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$p >/dev/null; }; done
	sh bench/run.sh

clean:
	rm -rf bench/out  build build-asan build-fuzz bin bin-asan
