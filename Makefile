# SPDX-License-Identifier: GPL-2.0
#
# lwip-segw top-level Makefile.
#
#   make             module and userspace programs, results in build/
#   make check       host unit tests and every VM suite; ends "N passed, N failed"
#   make demo        the gateway demo in a VM
#   make bench       datapath benchmark (not part of check)
#   make style       checkpatch on the kernel code
#   make sparse      sparse (C=2) on the kernel code
#   make clean       remove everything built
#
# KDIR=...           kernel build tree (default: the Debian 6.1 headers that
#                    match the kernel image the VM boots, see tools/vm/kernel-version)
# LWIP_SEGW_DEBUG=y  debug module build: runs the in-kernel self-tests at load
# SUITES="a b"       with check: only these suites (see selftests/README)

KVER   ?= $(shell tools/vm/kernel-version 2>/dev/null)
KDIR   ?= /lib/modules/$(KVER)/build
B      := build
CC     ?= gcc
CFLAGS ?= -O2 -g
WFLAGS := -Wall -Wextra -Werror -Wno-unused-parameter
UAPI   := -Ikmod/uapi

# Deferred (=): expanded in recipes, after deps has installed libnl and json-c.
NL_CFLAGS = $(shell pkg-config --cflags libnl-3.0 libnl-genl-3.0 2>/dev/null)
NL_LIBS   = $(shell pkg-config --libs libnl-3.0 libnl-genl-3.0 2>/dev/null)
JSON_CFLAGS = $(shell pkg-config --cflags json-c 2>/dev/null) -DSEGWCTL_JSON
JSON_LIBS   = $(shell pkg-config --libs json-c 2>/dev/null)

# Shared by segwctl, enbsim and ueload: the uapi enums' names, extack text,
# strict argument parsers.
NAMES_SRC   := tools/lib/names.c tools/lib/names.h tools/lib/extack.c tools/lib/extack.h \
	       tools/lib/parse.c tools/lib/parse.h kmod/drop_names.h
KMOD_SRC := Kbuild $(wildcard kmod/*.c kmod/*.h kmod/uapi/linux/*.h)
SEGWCTL_SRC := $(wildcard tools/segwctl/*.c tools/segwctl/*.h) $(NAMES_SRC)
SEGWD_SRC   := $(wildcard userspace/segwd/*.c userspace/segwd/*.h)
ENBSIM_SRC  := $(wildcard tools/enbsim/*.c tools/enbsim/*.h) tools/lib/pkt.h $(NAMES_SRC)
UAPI_HDRS   := $(wildcard kmod/uapi/linux/*.h)

PROGS := $(B)/segwctl $(B)/segwd $(B)/segwd-updown $(B)/enbsim

.PHONY: bench-progs all module module-debug progs deps check demo bench style sparse clean FORCE

all: deps module module-debug progs test-objs

# Installs missing Debian packages (needs root) only when something is missing.
deps:
	@tools/deps/install --check 2>/dev/null || tools/deps/install

module: $(B)/lwip_segw.ko

$(B)/lwip_segw.ko: $(KMOD_SRC) | deps
	@test -f $(KDIR)/Makefile || { echo "no kernel build tree at $(KDIR): run tools/deps/install or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@mkdir -p $(B)
	cp lwip_segw.ko $@

# The debug build (in-kernel self-tests at load) is built from a copy of the
# sources: kbuild writes objects next to them, and they must not clash with
# the normal build's.
module-debug: $(B)/debug/lwip_segw.ko

$(B)/debug/lwip_segw.ko: $(KMOD_SRC) | deps
	@mkdir -p $(B)/debug-src/kmod/uapi/linux $(B)/debug
	@cp -p Kbuild $(B)/debug-src/
	@cp -p kmod/*.c kmod/*.h $(B)/debug-src/kmod/
	@cp -p kmod/uapi/linux/*.h $(B)/debug-src/kmod/uapi/linux/
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(B)/debug-src LWIP_SEGW_DEBUG=y modules
	cp $(B)/debug-src/lwip_segw.ko $@

progs: $(PROGS)

$(B)/segwctl: $(SEGWCTL_SRC) $(UAPI_HDRS) | deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(WFLAGS) $(UAPI) -Itools/lib $(NL_CFLAGS) $(JSON_CFLAGS) -o $@ \
		$(filter %.c,$(SEGWCTL_SRC)) $(NL_LIBS) $(JSON_LIBS)

$(B)/segwd: $(SEGWD_SRC) $(UAPI_HDRS) | deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(WFLAGS) -D_GNU_SOURCE $(UAPI) $(NL_CFLAGS) -o $@ $(filter %.c,$(SEGWD_SRC)) $(NL_LIBS)

$(B)/enbsim: $(ENBSIM_SRC) $(UAPI_HDRS) | deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(WFLAGS) -D_GNU_SOURCE $(UAPI) -Itools/lib $(NL_CFLAGS) -o $@ \
		$(filter %.c,$(ENBSIM_SRC)) $(NL_LIBS)

$(B)/segwd-updown: userspace/notifier/segwd-updown.c | deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(WFLAGS) -D_GNU_SOURCE -o $@ $<

# Modules and programs used only by the tests.
test-objs: $(B)/selftests/harness/lwip_segw_warn.ko $(B)/selftests/pktsend $(B)/bench/pktreplay
	@for f in selftests/*/Makefile; do \
		[ -f "$$f" ] || continue; \
		$(MAKE) --no-print-directory -f $$f KDIR=$(KDIR) || exit 1; \
	done

$(B)/selftests/%: selftests/lib/%.c tools/lib/pkt.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WFLAGS) -Itools/lib -o $@ $<

$(B)/selftests/harness/lwip_segw_warn.ko: selftests/harness/warn_mod/warn_mod.c selftests/harness/warn_mod/Kbuild | deps
	$(MAKE) -C $(KDIR) M=$(CURDIR)/selftests/harness/warn_mod modules
	@mkdir -p $(dir $@)
	cp selftests/harness/warn_mod/lwip_segw_warn.ko $@

check: all
	selftests/run $(SUITES)

demo: all
	tools/demo/run

# The datapath benchmark (tools/bench/datapath/run; BENCH_ARGS=--quick for a
# smoke run). Not part of check: it prints numbers, in about an hour.
bench: all bench-progs
	@tools/deps/install --check --bench 2>/dev/null || tools/deps/install --bench
	tools/bench/datapath/run $(BENCH_ARGS)

bench-progs: $(B)/bench/ueload $(B)/bench/pktreplay

$(B)/bench/ueload: tools/bench/ueload.c tools/segwctl/nl.c tools/segwctl/nl.h $(NAMES_SRC) $(UAPI_HDRS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WFLAGS) -D_GNU_SOURCE $(UAPI) -Itools/lib $(NL_CFLAGS) -o $@ $(filter %.c,$^) $(NL_LIBS)

# A packet source for the tests and the datapath benchmark.
$(B)/bench/pktreplay: tools/bench/pktreplay.c tools/lib/pkt.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WFLAGS) -D_GNU_SOURCE -o $@ $<

style: deps
	@tools/deps/kernel-tree-files scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch >/dev/null
	perl $(B)/kernel-tree/scripts/checkpatch.pl --no-tree --strict --terse --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
		-f $(filter %.c %.h,$(KMOD_SRC)) selftests/harness/warn_mod/warn_mod.c

sparse: deps
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 CF="-D__CHECK_ENDIAN__" modules 2>&1 | tee $(B)/sparse.log
	@! grep -E 'warning:|error:' $(B)/sparse.log

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null 2>&1
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/selftests/harness/warn_mod clean >/dev/null 2>&1
	rm -rf $(B)
