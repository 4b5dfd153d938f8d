/* batch_command - `ptrdoctor check` of many addresses: one line (or one
 * JSON object) per address in input order, then a summary. */
#define _POSIX_C_SOURCE 200809L
#include "batch_command.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dns/dns.h"
#include "check/check.h"
#include "util/names.h"
#include "report/report.h"
#include "rules/rules.h"
#include "session/session.h"

#define SHARED_SHOWN 10 /* names shared by several addresses, in the summary */
#define PUBLIC_RESOLVER_QPS 50 /* polite towards a resolver others share */

/* A PTR name and the address that has it, to find names several share. */
struct name_use {
	char *name;
	char ip[NAMES_ADDR_TEXT_MAX];
};

struct tally {
	const struct options *opts;
	size_t by_verdict[RULE_SKIP + 1];
	size_t by_problem[RULE_COUNT];
	size_t bad_lines, reported;
	enum rule_status worst;
	bool any;
	struct name_use *names;
	size_t name_count, name_cap;
	bool progress;
	long started_ms;
	size_t total, duplicates, questions;
	bool failed_output;
};

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

bool batch_command_wanted(const struct options *opts)
{
	if (opts->batch || opts->word_count > 1)
		return true;
	return opts->word_count == 1 && strchr(opts->words[0], '/');
}

static void remember_name(struct tally *t, const struct evidence *ev, const char *ip)
{
	if (ev->target_count == 0)
		return;
	if (t->name_count == t->name_cap) {
		size_t cap = t->name_cap ? t->name_cap * 2 : 256;
		struct name_use *grown = realloc(t->names, cap * sizeof *grown);
		if (!grown)
			return;
		t->names = grown;
		t->name_cap = cap;
	}
	char *name = strdup(ev->targets[0].name);
	if (name) {
		t->names[t->name_count].name = name;
		snprintf(t->names[t->name_count++].ip, NAMES_ADDR_TEXT_MAX, "%s", ip);
	}
}

static const char *rule_word(const struct rule_results *r, enum rule_id id)
{
	return rule_status_name(r->rules[id].status);
}

/* text_line - IP, PTR name, FCrDNS, HELO match, verdict, first problem. */
static char *text_line(const struct batch_item *item)
{
	const struct findings *f = item->findings;
	const struct evidence *ev = &f->evidence;
	const struct rule_result *problem = rules_first_problem(&f->rules);
	char ptr[300], finding[RULE_FINDING_MAX], line[RULE_FINDING_MAX + 500];
	names_escape(ev->target_count ? ev->targets[0].name : "-", ptr, sizeof ptr);
	names_escape(problem ? problem->finding : "", finding, sizeof finding);
	snprintf(line, sizeof line, "%-24s %-34s %-6s %-6s %-5s %s%s%s\n", item->target->ip.text, ptr,
		 rule_word(&f->rules, RULE_FCRDNS), rule_word(&f->rules, RULE_HELO_MATCHES_PTR),
		 rule_status_name(f->headline.verdict), problem ? rule_id_name(problem->id) : "", problem ? ": " : "",
		 finding);
	return strdup(line);
}

/* render - an address's line or JSON object; the tally counts it. */
static char *render(void *ctx, const struct batch_item *item)
{
	struct tally *t = ctx;
	const struct findings *f = item->findings;
	struct report_input in = {item->diagnosis, f};
	char *text = t->opts->json ? report_json(&in) : text_line(item);
	t->by_verdict[f->headline.verdict]++;
	t->questions += diagnosis_step_count(item->diagnosis);
	const struct rule_result *problem = rules_first_problem(&f->rules);
	if (problem)
		t->by_problem[problem->id]++;
	if (!t->any || rule_status_severity(f->headline.verdict) > rule_status_severity(t->worst))
		t->worst = f->headline.verdict;
	t->any = true;
	remember_name(t, &f->evidence, item->target->ip.text);
	return text;
}

static void on_result(void *ctx, size_t index, const struct target *target, const char *text)
{
	struct tally *t = ctx;
	(void)index;
	(void)target;
	if (t->progress)
		fputs("\r\033[K", stderr);
	if (fputs(text, stdout) < 0)
		t->failed_output = true;
	t->reported++;
}

static void on_bad_line(void *ctx, const char *why)
{
	struct tally *t = ctx;
	char shown[500];
	names_escape(why, shown, sizeof shown);
	fprintf(stderr, "%sptrdoctor: %s: %s (skipped)\n", t->progress ? "\r\033[K" : "",
		t->opts->batch ? t->opts->batch : "batch", shown);
	t->bad_lines++;
}

static void on_progress(void *ctx, size_t finished, size_t started)
{
	struct tally *t = ctx;
	fflush(stdout);
	if (!t->progress)
		return;
	double seconds = (double)(loop_now_ms() - t->started_ms) / 1000.0;
	double rate = seconds > 0 ? (double)finished / seconds : 0;
	if (t->total > 0 && rate > 0)
		fprintf(stderr, "\r\033[K%zu/%zu checked, %.0f addresses/s, %.0f s left", finished, t->total, rate,
			(double)(t->total - finished) / rate);
	else
		fprintf(stderr, "\r\033[K%zu checked (%zu started), %.0f addresses/s", finished, started, rate);
	fflush(stderr);
}

static int compare_names(const void *a, const void *b)
{
	const struct name_use *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);
	return c ? c : strcmp(x->ip, y->ip);
}

/* print_shared - PTR names that several addresses share. */
static void print_shared(struct tally *t)
{
	if (t->name_count < 2)
		return; /* nothing shared (and qsort wants an array) */
	qsort(t->names, t->name_count, sizeof *t->names, compare_names);
	size_t shown = 0;
	for (size_t i = 0; i < t->name_count && shown < SHARED_SHOWN;) {
		size_t run = 1;
		while (i + run < t->name_count && strcasecmp(t->names[i].name, t->names[i + run].name) == 0)
			run++;
		if (run > 1) {
			char name[300];
			names_escape(t->names[i].name, name, sizeof name);
			printf("%s  %s (%zu addresses: %s, %s%s)\n", shown ? "" : "\nNames shared by several addresses:\n",
			       name, run, t->names[i].ip, t->names[i + 1].ip, run > 2 ? ", ..." : "");
			shown++;
		}
		i += run;
	}
}

static void print_summary(struct tally *t, bool stopped)
{
	static const enum rule_status order[] = {RULE_PASS, RULE_WARN, RULE_FAIL, RULE_ERROR};
	printf("\n%s%zu address%s checked:", stopped ? "Stopped by Ctrl-C: " : "", t->reported,
	       t->reported == 1 ? "" : "es");
	for (size_t i = 0; i < 4; i++)
		printf("%s %zu %s", i ? "," : "", t->by_verdict[order[i]], rule_status_name(order[i]));
	printf("\n");
	double seconds = (double)(loop_now_ms() - t->started_ms) / 1000.0;
	printf("%zu questions in %.1f s (%.0f a second).\n", t->questions, seconds,
	       seconds > 0 ? (double)t->questions / seconds : 0.0);
	if (t->duplicates || t->bad_lines)
		printf("Skipped: %zu given twice, %zu bad line%s.\n", t->duplicates, t->bad_lines,
		       t->bad_lines == 1 ? "" : "s");
	bool any = false;
	for (int id = 0; id < RULE_COUNT; id++)
		if (t->by_problem[id]) {
			printf("%s %s %zu", any ? "," : "First problems:", rule_id_name((enum rule_id)id), t->by_problem[id]);
			any = true;
		}
	if (any)
		printf("\n");
	print_shared(t);
}

static FILE *open_batch(const char *path)
{
	if (!path)
		return NULL;
	if (strcmp(path, "-") == 0)
		return stdin;
	return fopen(path, "r");
}

/* exit_code - check's code for the worst verdict; 0 for nothing checked. */
static int exit_code(const struct tally *t)
{
	return t->any ? rules_exit_code(t->worst) : 0;
}

/* parallel - questions in flight in all, shared by the servers in turn;
 * as many addresses are checked at once. */
static int parallel(const struct options *opts)
{
	return opts->parallel ? opts->parallel : BATCH_PARALLEL_DEFAULT;
}

static int run(const struct options *opts, struct backend *backend, struct targets *targets, struct tally *t)
{
	struct sigaction sa = {0}, old_int;
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	const struct batch_callbacks callbacks = {render, on_result, on_bad_line, on_progress, NULL};
	if (!opts->json)
		printf("%-24s %-34s %-6s %-6s %-5s %s\n", "IP", "PTR", "FCRDNS", "HELO", "VERDICT", "FIRST PROBLEM");
	struct batch *b = NULL;
	enum batch_status st = BATCH_FAILED;
	if (batch_new(backend, targets, opts->provider, (size_t)parallel(opts), &callbacks, t, &b))
		st = batch_run(b, &interrupted);
	batch_free(b);
	sigaction(SIGINT, &old_int, NULL);
	if (t->progress)
		fputs("\r\033[K", stderr);
	t->duplicates = targets_duplicates(targets);
	if (!opts->json)
		print_summary(t, st == BATCH_STOPPED);
	if (fflush(stdout) != 0 || t->failed_output)
		return 3;
	if (st == BATCH_FAILED) {
		fprintf(stderr, "ptrdoctor: the batch stopped: out of memory, or the event loop failed\n");
		return 3;
	}
	return st == BATCH_STOPPED ? 130 : exit_code(t);
}

int batch_command_run(const struct options *opts)
{
	char err[400];
	FILE *batch = open_batch(opts->batch);
	if (opts->batch && !batch) {
		char shown[300];
		names_escape(opts->batch, shown, sizeof shown);
		fprintf(stderr, "ptrdoctor: --batch %s: %s\n", shown, strerror(errno));
		return EXIT_USAGE;
	}
	struct targets *targets = NULL;
	if (!targets_new(opts->words, opts->word_count, batch, opts->helo, &targets, err, sizeof err)) {
		fprintf(stderr, "ptrdoctor: %s\n", err);
		if (batch && batch != stdin)
			fclose(batch);
		return EXIT_USAGE;
	}
	struct backend *backend = session_backend_new(opts);
	int code = 3;
	if (backend) {
		backend_set_in_flight_max(backend, parallel(opts));
		if (opts->qps || backend_asks_public_resolver(backend))
			backend_set_qps(backend, opts->qps ? opts->qps : PUBLIC_RESOLVER_QPS);
		struct tally t = {.opts = opts, .progress = isatty(STDERR_FILENO), .started_ms = loop_now_ms(),
				  .total = opts->batch ? 0 : targets_known(targets)};
		code = run(opts, backend, targets, &t);
		for (size_t i = 0; i < t.name_count; i++)
			free(t.names[i].name);
		free(t.names);
	}
	backend_free(backend);
	targets_free(targets);
	if (batch && batch != stdin)
		fclose(batch);
	return code;
}
