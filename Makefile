# ptrdoctor - build, run, test, install.
#   make            build ./ptrdoctor
#   make run        install missing packages, build, start ptrdoctor
#   make check      install what tests need, run every test
#   make install    PREFIX=/usr/local DESTDIR=
#   make dist       the source as ptrdoctor-VERSION.tar.gz

SHELL := /bin/bash
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONSDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
VERSION := 0.1.0

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
WARNINGS := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wpointer-arith
# Only include paths from pkg-config: its feature macros would override the
# _POSIX_C_SOURCE each file asks for.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags-only-I ldns libpcre2-8 ncursesw formw menuw panelw 2>/dev/null)
ALL_CFLAGS = $(WARNINGS) $(CFLAGS) -Iengine -Itui $(PKG_CFLAGS) -DPTRDOCTOR_VERSION='"$(VERSION)"' -MMD -MP -pthread
ENGINE_LIBS = $(shell $(PKG_CONFIG) --libs ldns libpcre2-8 2>/dev/null || echo -lldns -lpcre2-8) -pthread
TUI_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw formw menuw panelw 2>/dev/null)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

BUILD_PACKAGES := gcc make pkg-config libldns-dev libpcre2-dev libncurses-dev
# Exim, OpenSMTPD and Sendmail are unpacked, not installed (each would replace
# Postfix): only their libraries (and m4, which builds sendmail.cf).
EXIM_LIBS := libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libnsl2 libpcre2-8-0
OPENSMTPD_LIBS := libevent-2.1-7 libpam0g libssl3 zlib1g
# make deb and its test: the Debian tools, and bash-completion's functions.
DEB_PACKAGES := build-essential debhelper dpkg-dev lintian fakeroot bash-completion
SENDMAIL_LIBS := libldap-2.5-0 liblockfile1 libnsl2 libsasl2-2 libwrap0 m4
# SpamAssassin as `apt-get install spamassassin` brings it, recommends
# included (Mail::SPF adds its SPF rules on the HELO): deps.sh installs
# without recommends, so they are named.
SPAMASSASSIN_RECOMMENDS := spamc sa-compile libmail-spf-perl libsys-syslog-perl gnupg libbsd-resource-perl \
	libmail-dmarc-perl
TEST_PACKAGES := $(BUILD_PACKAGES) libcmocka-dev nsd unbound bind9-dnsutils ldnsutils python3 tmux procps bsdutils ncurses-base \
	clang libclang-rt-14-dev valgrind postfix spamassassin $(SPAMASSASSIN_RECOMMENDS) rspamd iproute2 util-linux $(EXIM_LIBS) $(OPENSMTPD_LIBS) $(SENDMAIL_LIBS) \
	$(DEB_PACKAGES)

ENGINE_SRC := $(wildcard engine/*/*.c)
TUI_SRC := $(wildcard tui/*.c tui/*/*.c)
HELP_FILES := $(shell cd help && find . -type f ! -name '*~' | sed 's|^\./||' | sort)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

B := build
ASAN := build/asan
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

ENGINE_OBJ := $(ENGINE_SRC:%.c=$(B)/%.o) $(B)/help_data.o
TUI_OBJ := $(TUI_SRC:%.c=$(B)/%.o)
ASAN_ENGINE_OBJ := $(ENGINE_SRC:%.c=$(ASAN)/%.o) $(ASAN)/help_data.o
ASAN_TUI_OBJ := $(TUI_SRC:%.c=$(ASAN)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
ASAN_UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(ASAN)/tests/%)

.PHONY: all run check deps deps-test check-layers unit unit-asan integration receivers tui-test hostile fuzz fuzz-smoke \
	completion deb package \
	fuzz-regressions valgrind asan \
	install uninstall clean bench dist golden
all: ptrdoctor

ptrdoctor: $(ENGINE_OBJ) $(TUI_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TUI_LIBS) $(ENGINE_LIBS)

$(B)/ptrdoctor-asan: $(ASAN_ENGINE_OBJ) $(ASAN_TUI_OBJ)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(TUI_LIBS) $(ENGINE_LIBS)
asan: $(B)/ptrdoctor-asan

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(ASAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(B)/embed: tools/embed.c
	@mkdir -p $(B)
	$(CC) $(WARNINGS) $(CFLAGS) -o $@ $<

# The help texts, compiled in. Rebuilt when any file under help/ changes.
$(B)/help_data.c: $(B)/embed $(addprefix help/,$(HELP_FILES))
	$(B)/embed $@ help $(HELP_FILES)
$(B)/help_data.o: $(B)/help_data.c
	$(CC) $(ALL_CFLAGS) -Iengine -c -o $@ $<
$(ASAN)/help_data.o: $(B)/help_data.c
	@mkdir -p $(ASAN)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Iengine -c -o $@ $<

# $(LINK_INPUTS): the sources and objects only, not the headers -MMD adds.
LINK_INPUTS = $(filter %.c %.o,$^)
$(B)/tests/%: tests/unit/%.c $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iengine -o $@ $(LINK_INPUTS) $(TEST_LIBS) $(ENGINE_LIBS)
$(ASAN)/tests/%: tests/unit/%.c $(ASAN_ENGINE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Iengine -o $@ $(LINK_INPUTS) $(TEST_LIBS) $(ENGINE_LIBS)
# The front-end modules with unit tests of their own: the key table and
# the wrap rule (neither draws).
TUI_TESTED := wizard/keys toolkit/wrap
$(B)/tests/test_keys: $(B)/tui/wizard/keys.o
$(B)/tests/test_wrap: $(B)/tui/toolkit/wrap.o
$(ASAN)/tests/test_keys: $(ASAN)/tui/wizard/keys.o
$(ASAN)/tests/test_wrap: $(ASAN)/tui/toolkit/wrap.o
$(foreach t,$(notdir $(TUI_TESTED)),$(B)/tests/test_$(t)): $(B)/tests/test_%: tests/unit/test_%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(LINK_INPUTS) $(TEST_LIBS) $(TUI_LIBS)
$(foreach t,$(notdir $(TUI_TESTED)),$(ASAN)/tests/test_$(t)): $(ASAN)/tests/test_%: tests/unit/test_%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $(LINK_INPUTS) $(TEST_LIBS) $(TUI_LIBS)

deps:
	@sh tools/deps.sh $(BUILD_PACKAGES)
deps-test:
	@sh tools/deps.sh $(TEST_PACKAGES)

run: deps
	@$(MAKE) --no-print-directory ptrdoctor
	./ptrdoctor $(ARGS)

# The layout's rules (tools/check-layers.py): engine/ and tui/ folders in
# layer order, tui/ through the engine's front door, no import circle,
# engine/ without curses or stdout.
check-layers:
	@$(SUITE) check-layers -- python3 tools/check-layers.py
	@$(SUITE) layers -- python3 tests/layers/run.py

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t"; $(SUITE) unit/$$(basename $$t) -- $$t || exit 1; done
unit-asan: $(ASAN_UNIT_BIN)
	@for t in $(ASAN_UNIT_BIN); do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 $(SUITE) unit-asan/$$(basename $$t) -- $$t \
		|| exit 1; done

# The wizard in tmux, plain and under the sanitizers (their reports go to
# files: a report on the terminal would be lost in the screen).
tui-test: ptrdoctor $(B)/ptrdoctor-asan
	$(SUITE) tui -- python3 tests/tui/run.py --binary ./ptrdoctor
	rm -rf $(B)/sanitizer-logs && mkdir -p $(B)/sanitizer-logs
	ASAN_LOG=$(CURDIR)/$(B)/sanitizer-logs/report $(SUITE) tui-asan -- python3 tests/tui/run.py --binary $(B)/ptrdoctor-asan
	@if ls $(B)/sanitizer-logs/report* >/dev/null 2>&1; then cat $(B)/sanitizer-logs/report*; exit 1; fi

# The plain-mode integration tests again, every check under valgrind.
valgrind: ptrdoctor
	$(SUITE) valgrind -- python3 tests/integration/run.py --binary ./ptrdoctor --valgrind

# A lying DNS server: crafted, broken and hostile answers.
hostile: ptrdoctor $(B)/ptrdoctor-asan
	$(SUITE) hostile -- python3 tests/hostile/run.py --binary ./ptrdoctor --binary $(B)/ptrdoctor-asan

integration: ptrdoctor $(B)/ptrdoctor-asan
	$(SUITE) bounce -- python3 tests/bounce/run.py ./ptrdoctor
	$(SUITE) bounce-asan -- python3 tests/bounce/run.py $(B)/ptrdoctor-asan
	$(SUITE) cli -- python3 tests/integration/cli.py ./ptrdoctor
	$(SUITE) cli-asan -- python3 tests/integration/cli.py $(B)/ptrdoctor-asan
	$(SUITE) scenarios -- python3 tests/integration/run.py --binary ./ptrdoctor --binary $(B)/ptrdoctor-asan
	$(SUITE) authority -- python3 tests/integration/authority.py ./ptrdoctor $(B)/ptrdoctor-asan
	$(SUITE) trace -- python3 tests/integration/trace.py ./ptrdoctor $(B)/ptrdoctor-asan
	$(SUITE) batch -- python3 tests/integration/batch.py ./ptrdoctor $(B)/ptrdoctor-asan
	$(SUITE) markdown -- python3 tests/integration/markdown.py $(B)/ptrdoctor-asan
	$(SUITE) labs -- python3 tests/labs/run.py ./ptrdoctor $(B)/ptrdoctor-asan

# Real receivers: ptrdoctor's predictions against a running Postfix, Exim,
# OpenSMTPD, Sendmail, SpamAssassin and rspamd, in a network namespace of the
# test's own (needs root, as CI runs).
receivers: ptrdoctor
	sh tools/fetch-deb.sh $(B)/exim exim4-daemon-light
	sh tools/fetch-deb.sh $(B)/opensmtpd opensmtpd
	sh tools/fetch-deb.sh $(B)/sendmail sendmail-bin sendmail-cf
	$(SUITE) receivers -- python3 tests/receivers/run.py --binary ./ptrdoctor --exim $(B)/exim/usr/sbin/exim4 \
		--opensmtpd $(B)/opensmtpd/usr/sbin/smtpd --sendmail $(B)/sendmail

# This machine: detect and check --this-machine in a namespace of the
# test's own, Postfix through MAIL_CONFIG and Exim through -C (needs root).
detect: ptrdoctor $(B)/ptrdoctor-asan
	sh tools/fetch-deb.sh $(B)/exim exim4-daemon-light
	$(SUITE) detect -- python3 tests/integration/detect.py --exim $(B)/exim/usr/sbin/exim4 ./ptrdoctor $(B)/ptrdoctor-asan

# Every part of make check runs through tools/suite.py, which records how
# it ended: passed, failed, or skipped (exit 77: it cannot run here, not
# root for one); the last line counts them and names what was skipped.
SUITE = python3 tools/suite.py run
check: deps-test
	@python3 tools/suite.py reset
	@$(MAKE) --no-print-directory check-layers
	@$(MAKE) --no-print-directory all asan
	@$(MAKE) --no-print-directory unit unit-asan
	@$(MAKE) --no-print-directory integration
	@$(MAKE) --no-print-directory receivers
	@$(MAKE) --no-print-directory detect
	@$(MAKE) --no-print-directory package
	@$(MAKE) --no-print-directory tui-test
	@$(MAKE) --no-print-directory hostile
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory fuzz-regressions fuzz-smoke
	@python3 tools/suite.py summary

# Fuzzing (clang's libFuzzer): each harness for FUZZ_SECONDS; make check
# runs a short smoke of each. Findings land in build/fuzz/ as NAME-crash-* or NAME-leak-*.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_FLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -pthread -Iengine
FUZZERS := packet lab names bounce
FUZZ_BIN := $(FUZZERS:%=$(B)/fuzz/fuzz_%)

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_text.h $(ENGINE_SRC) $(B)/help_data.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $@ $(filter %.c,$^) $(ENGINE_LIBS)

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZERS); do mkdir -p $(B)/fuzz/corpus-$$f; \
		$(B)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(B)/fuzz/$$f- \
		$(B)/fuzz/corpus-$$f tests/fuzz/seeds/$$f || exit 1; done

# The smoke uses a fixed seed so two runs on one machine try the same inputs;
# on failure it prints the report and the input (base64) that caused it.
FUZZ_SMOKE_SEED ?= 1
fuzz-smoke: $(FUZZ_BIN)
	@for f in $(FUZZERS); do mkdir -p $(B)/fuzz/corpus-$$f; log=$(B)/fuzz/smoke-$$f.log; \
		if ! $(B)/fuzz/fuzz_$$f -seed=$(FUZZ_SMOKE_SEED) -max_total_time=$(FUZZ_SMOKE_SECONDS) \
			-artifact_prefix=$(B)/fuzz/$$f- $(B)/fuzz/corpus-$$f tests/fuzz/seeds/$$f > $$log 2>&1; then \
			tail -n 80 $$log; for a in $(B)/fuzz/$$f-*; do [ -f "$$a" ] && \
			echo "input $$a (base64): $$(base64 -w0 "$$a")"; done; exit 1; fi; \
		grep DONE $$log | sed "s/^/fuzz_$$f /"; python3 tools/suite.py record fuzz-smoke/$$f passed; done

# Regression: every file under tests/fuzz/regressions/NAME runs through that harness.
fuzz-regressions: $(FUZZ_BIN)
	@for f in $(FUZZERS); do if [ -d tests/fuzz/regressions/$$f ]; then \
		$(SUITE) fuzz-regressions/$$f -- $(B)/fuzz/fuzz_$$f tests/fuzz/regressions/$$f/* || exit 1; fi; done

BENCH_PACKAGES := $(TEST_PACKAGES) time
# Golden files: rewrite every .ref from what the program prints now; the
# diff (git diff tests/) is the change to review.
golden: ptrdoctor
	PTRDOCTOR_GOLDEN_UPDATE=1 python3 tests/bounce/run.py ./ptrdoctor
	PTRDOCTOR_GOLDEN_UPDATE=1 python3 tests/integration/run.py --binary ./ptrdoctor
	PTRDOCTOR_GOLDEN_UPDATE=1 python3 tests/integration/markdown.py ./ptrdoctor
	PTRDOCTOR_GOLDEN_UPDATE=1 python3 tests/labs/run.py ./ptrdoctor
	PTRDOCTOR_GOLDEN_UPDATE=1 python3 tests/tui/run.py --binary ./ptrdoctor
	@git diff --stat -- tests/ 2>/dev/null || true

bench: ptrdoctor
	@sh tools/deps.sh $(BENCH_PACKAGES)
	python3 tests/bench/bench.py --binary ./ptrdoctor
	python3 tests/integration/trace.py --bench ./ptrdoctor
	python3 tests/bench/batch.py ./ptrdoctor
	python3 tests/bench/zone_servers.py ./ptrdoctor

install: ptrdoctor completion
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONSDIR)
	install -m 755 ptrdoctor $(DESTDIR)$(BINDIR)/ptrdoctor
	install -m 644 help/ptrdoctor.1 $(DESTDIR)$(MANDIR)/man1/ptrdoctor.1
	install -m 644 $(B)/ptrdoctor.bash $(DESTDIR)$(COMPLETIONSDIR)/ptrdoctor

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ptrdoctor $(DESTDIR)$(MANDIR)/man1/ptrdoctor.1 $(DESTDIR)$(COMPLETIONSDIR)/ptrdoctor

# Bash completion: the template with this ptrdoctor's options, the provider
# ids of help/providers.txt and the lab scenarios of help/lab/.
completion: $(B)/ptrdoctor.bash
$(B)/ptrdoctor.bash: completion/ptrdoctor.bash.in ptrdoctor help/providers.txt $(wildcard help/lab/*.zone)
	@mkdir -p $(B)
	sed -e "s|@OPTIONS@|$$(./ptrdoctor --help | grep -o '^  --[a-z-]*' | tr -d ' ' | tr '\n' ' ' | sed 's/ $$//')|" \
	    -e "s|@PROVIDERS@|$$(grep -v '^#' help/providers.txt | cut -d'|' -f1 | tr -d ' ' | tr '\n' ' ' | sed 's/ $$//')|" \
	    -e "s|@LABS@|$$(ls help/lab | grep -v '\.fixed\.zone$$' | sed 's/\.zone$$//' | tr '\n' ' ' | sed 's/ $$//')|" \
	    $< > $@

# The Debian package, built from a copy of this tree (dpkg-buildpackage
# cleans the tree it builds in): build/deb/ptrdoctor_VERSION-1_ARCH.deb.
deb:
	@sh tools/deps.sh $(BUILD_PACKAGES) $(DEB_PACKAGES)
	rm -rf $(B)/deb && mkdir -p $(B)/deb/ptrdoctor-$(VERSION)
	tar -c --exclude=./.git --exclude=./build --exclude=./ptrdoctor . | tar -x -C $(B)/deb/ptrdoctor-$(VERSION)
	cd $(B)/deb/ptrdoctor-$(VERSION) && dpkg-buildpackage -us -uc -b
	@ls $(B)/deb/*.deb

# The package as a user meets it: lintian, dpkg -i, the installed binary,
# the autopkgtest, bash completion, dpkg --purge (needs root).
package: deb
	$(SUITE) package -- python3 tests/package/run.py $(B)/deb/ptrdoctor_$(VERSION)-1_$$(dpkg --print-architecture).deb

# The source as a tarball, for machines without git: what is committed.
dist:
	git archive --format=tar.gz --prefix=ptrdoctor-$(VERSION)/ -o ptrdoctor-$(VERSION).tar.gz HEAD
	@echo "wrote ptrdoctor-$(VERSION).tar.gz"

clean:
	rm -rf $(B) ptrdoctor

-include $(shell find $(B) -name '*.d' -type f 2>/dev/null)
