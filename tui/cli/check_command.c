/* check_command - `ptrdoctor check`: one diagnosis, printed as text or JSON. */
#define _POSIX_C_SOURCE 200809L
#include "check_command.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/select.h>
#include <unistd.h>

#include "check/check.h"
#include "diagnosis/diagnosis.h"
#include "dns/dns.h"
#include "lab/lab.h"
#include "report/report.h"
#include "rules/provider.h"
#include "rules/rules.h"
#include "session/session.h"
#include "util/clock.h"
#include "util/names.h"
#include "batch_command.h"
#include "machine_command.h"

/* lab_default - a value from the scenario header when the user gave none. */
static const char *lab_default(const struct backend *backend, const char *given, const char *key)
{
	const struct lab_scenario *sc = backend_scenario(backend);
	return given ? given : sc ? lab_scenario_get(sc, key) : NULL;
}

static int print_report(const struct options *opts, const struct diagnosis *d, const struct findings *findings)
{
	struct report_input in = {d, findings};
	bool request = true;
	char *text = opts->ticket     ? report_ticket(&in, &request)
		     : opts->markdown ? report_markdown(&in)
		     : opts->json     ? report_json(&in)
				      : report_text(&in, session_use_color(opts));
	if (!text) {
		fprintf(stderr, "ptrdoctor: out of memory\n");
		return 3;
	}
	fputs(text, request ? stdout : stderr);
	free(text);
	if (!request)
		return EXIT_NO_TICKET;
	return fflush(stdout) == 0 ? rules_exit_code(findings->headline.verdict) : 3;
}

/* Set by SIGINT or SIGTERM while watching: the watch ends at once. */
static volatile sig_atomic_t watch_signal;

static void on_watch_signal(int sig)
{
	watch_signal = sig;
}

/* diagnose - one whole check; *out owned on success. Says why not on
 * stderr, unless a signal ended the watch. */
static bool diagnose(struct backend *backend, const char *ip, const char *helo, struct diagnosis **out)
{
	struct diagnosis *d = NULL;
	enum diagnosis_status st = diagnosis_start(ip, helo, backend, NULL, NULL, &d);
	*out = NULL;
	if (st != DIAGNOSIS_OK) {
		fprintf(stderr, "ptrdoctor: could not start the lookups (%s)\n",
			st == DIAGNOSIS_NO_LOOP ? "no event loop" : "out of memory");
		diagnosis_free(d);
		return false;
	}
	if (!diagnosis_wait(d) || diagnosis_incomplete(d)) {
		if (!watch_signal)
			fprintf(stderr, "ptrdoctor: the lookups stopped: %s\n",
			diagnosis_incomplete(d) ? "out of memory, some were never asked" : strerror(errno));
		diagnosis_free(d);
		return false;
	}
	*out = d;
	return true;
}

/* print_changes - what changed since the last check, rule by rule. */
static void print_changes(const struct watch_change *changes, size_t count, long long now)
{
	char clock[16], shown[RULE_FINDING_MAX];
	clock_local(now, true, clock, sizeof clock);
	if (count == 0)
		printf("%s  no change\n", clock);
	for (size_t i = 0; i < count; i++) {
		const struct watch_change *c = &changes[i];
		names_escape(c->finding, shown, sizeof shown);
		printf("%s  %-17s %s -> %s  %s\n", clock, rule_id_name(c->id), rule_status_name(c->before),
		       rule_status_name(c->after), shown);
	}
}

/* print_wait - when the next check comes, and why then. */
static void print_wait(const struct watch *w, long wait, long long now)
{
	char clock[16], expiry[16];
	clock_local(now + wait, true, clock, sizeof clock);
	if (w->cache_expires > 0) {
		clock_local(w->cache_expires, true, expiry, sizeof expiry);
		printf("Next check at %s (the resolver's cached answer expires at %s). Ctrl-C stops.\n", clock,
		       expiry);
	} else {
		printf("Next check at %s. Ctrl-C stops.\n", clock);
	}
}

/* sleep_unless_signalled - wait seconds; false at once when SIGINT or
 * SIGTERM comes (the signals are blocked but in pselect, so none is
 * missed between the test and the wait). */
static bool sleep_unless_signalled(long seconds)
{
	sigset_t block, orig;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	long deadline = loop_now_ms() + seconds * 1000;
	for (long left; !watch_signal && (left = deadline - loop_now_ms()) > 0;) {
		struct timespec ts = {.tv_sec = left / 1000, .tv_nsec = left % 1000 * 1000000};
		pselect(0, NULL, NULL, NULL, &ts, &orig);
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return !watch_signal;
}

/* watch_run - check, then again after the interval, until watch.h says
 * stop; the text shows the first report whole, then the changes. */
static int watch_run(const struct options *opts, struct backend *backend, const char *ip, const char *helo,
		     const char *provider)
{
	struct watch w;
	watch_init(&w);
	/* Its own handlers: a shell may start it with SIGINT ignored. */
	struct sigaction sa = {0};
	sa.sa_handler = on_watch_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (;;) {
		struct diagnosis *d;
		if (!diagnose(backend, ip, helo, &d))
			return watch_signal ? 128 + watch_signal : 3;
		struct findings f;
		struct watch_change changes[RULE_COUNT];
		size_t count;
		findings_compute(d, provider, &f);
		long long now = (long long)time(NULL);
		enum watch_state state = watch_record(&w, &f, now, changes, &count);
		int code = w.checks == 1 || opts->json ? print_report(opts, d, &f) : rules_exit_code(f.headline.verdict);
		if (w.checks > 1 && !opts->json)
			print_changes(changes, count, now);
		diagnosis_free(d);
		if (state != WATCH_GO_ON) {
			if (!opts->json)
				printf("Stopped watching: %s.\n", watch_state_words(state));
			return fflush(stdout) == 0 ? code : 3;
		}
		long wait = watch_wait(&w, opts->watch, now);
		if (!opts->json)
			print_wait(&w, wait, now);
		fflush(stdout);
		if (!sleep_unless_signalled(wait))
			return 128 + watch_signal; /* Ctrl-C: at once */
	}
}

/* ip_usage_error - explain a bad IP argument, with a hint for host names. */
static int ip_usage_error(const char *ip)
{
	char shown[300];
	struct ip_address parsed;
	names_escape(ip, shown, sizeof shown);
	enum names_status st = names_parse_ip(ip, &parsed);
	fprintf(stderr, "ptrdoctor: %s: %s\n", shown, names_status_message(st));
	if (st == NAMES_NOT_ADDRESS && names_valid_hostname(ip, true))
		fprintf(stderr, "ptrdoctor: check takes the sending IP; find it with: dig +short A %s\n", shown);
	return EXIT_USAGE;
}

int check_command_run(const struct options *opts)
{
	if (opts->this_machine)
		return machine_command_run(opts);
	if (batch_command_wanted(opts))
		return batch_command_run(opts);
	struct backend *backend = session_backend_new(opts);
	if (!backend)
		return opts->lab ? EXIT_USAGE : 3;
	const char *ip = lab_default(backend, opts->ip, "ip");
	const char *helo = lab_default(backend, opts->helo, "helo");
	const char *provider = lab_default(backend, opts->provider, "provider");
	struct ip_address parsed;
	if (!ip) {
		fprintf(stderr, "ptrdoctor: check needs the sending IP: ptrdoctor check IP [--helo NAME]\n");
		backend_free(backend);
		return EXIT_USAGE;
	}
	if (names_parse_ip(ip, &parsed) != NAMES_OK) {
		backend_free(backend);
		return ip_usage_error(ip);
	}
	if (provider && !provider_find(provider)) {
		fprintf(stderr, "ptrdoctor: --provider %s: unknown; known ids:", provider);
		for (size_t i = 0; i < provider_count(); i++)
			fprintf(stderr, " %s", provider_at(i)->id);
		fputc('\n', stderr);
		backend_free(backend);
		return EXIT_USAGE;
	}
	int code = 3;
	struct diagnosis *d = NULL;
	if (opts->watch) {
		code = watch_run(opts, backend, ip, helo, provider);
	} else if (diagnose(backend, ip, helo, &d)) {
		struct findings findings;
		findings_compute(d, provider, &findings);
		code = print_report(opts, d, &findings);
	}
	diagnosis_free(d);
	backend_free(backend);
	return code;
}
