/* machine_command - `ptrdoctor check --this-machine`. The other public
 * addresses of the machine are checked too, briefly: when the sending
 * one has no PTR that resolves back and another has, binding to it is
 * the quicker fix. */
#define _POSIX_C_SOURCE 200809L
#include "machine_command.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"
#include "check/check.h"
#include "report/report.h"
#include "machine/machine.h"
#include "util/names.h"
#include "rules/rules.h"
#include "session/session.h"

#define CHANGES_MAX (DETECT_ADDRESSES_MAX * MTA_ADVICE_MAX)

/* What a check says about one address, kept for the bind advice. */
struct address_result {
	struct ip_address ip;
	bool named;      /* a PTR that resolves back (fcrdns passes) */
	bool unnamed;    /* no PTR, or none that resolves back */
};

struct machine_run {
	const struct options *opts;
	const struct detection *detection;
	size_t senders;                   /* the first checked send; the others are candidates */
	struct address_result results[DETECT_ADDRESSES_MAX];
	struct mta_change changes[CHANGES_MAX];
	char changed_for[CHANGES_MAX][NAMES_ADDR_TEXT_MAX];
	size_t change_count, checked;
	enum rule_status worst;
	bool failed_output;
};

/* keep_changes - one address's changes, each line once. */
static void keep_changes(struct machine_run *m, const struct ip_address *ip, const struct findings *f)
{
	struct mta_change found[MTA_ADVICE_MAX];
	size_t n = mta_advice(m->detection, ip, f, found, MTA_ADVICE_MAX);
	for (size_t i = 0; i < n && m->change_count < CHANGES_MAX; i++) {
		bool seen = false;
		for (size_t k = 0; k < m->change_count && !seen; k++)
			seen = strcmp(m->changes[k].line, found[i].line) == 0;
		if (seen)
			continue;
		snprintf(m->changed_for[m->change_count], NAMES_ADDR_TEXT_MAX, "%s", ip->text);
		m->changes[m->change_count++] = found[i];
	}
}

/* candidate_line - a brief line for an address that does not send now. */
static char *candidate_line(const struct batch_item *item)
{
	const struct findings *f = item->findings;
	const struct rule_result *problem = rules_first_problem(&f->rules);
	char ptr[EVIDENCE_NAME_MAX * 4], line[EVIDENCE_NAME_MAX * 4 + RULE_FINDING_MAX + 100];
	names_escape(f->evidence.target_count ? f->evidence.targets[0].name : "(no PTR)", ptr, sizeof ptr);
	snprintf(line, sizeof line, "  %-40s %-34s %-5s %s\n", item->target->ip.text, ptr,
		 rule_status_name(f->headline.verdict), problem ? rule_id_name(problem->id) : "");
	return strdup(line);
}

static char *render(void *ctx, const struct batch_item *item)
{
	struct machine_run *m = ctx;
	struct report_input in = {item->diagnosis, item->findings};
	const struct rule_results *rules = &item->findings->rules;
	if (item->index < DETECT_ADDRESSES_MAX)
		m->results[item->index] = (struct address_result){
			item->target->ip, rules->rules[RULE_FCRDNS].status == RULE_PASS,
			rules->rules[RULE_PTR_EXISTS].status == RULE_FAIL || rules->rules[RULE_FCRDNS].status == RULE_FAIL};
	if (item->index >= m->senders)
		return m->opts->json ? report_json(&in) : candidate_line(item);
	enum rule_status v = rules->verdict;
	if (m->checked++ == 0 || rule_status_severity(v) > rule_status_severity(m->worst))
		m->worst = v;
	keep_changes(m, &item->target->ip, item->findings);
	return m->opts->json ? report_json(&in) : report_text(&in, session_use_color(m->opts));
}

/* bind_changes - for a sending address without a name that resolves
 * back, another public address of its family that has one. */
static void bind_changes(struct machine_run *m, size_t count)
{
	for (size_t s = 0; s < m->senders && s < count; s++) {
		const struct address_result *from = &m->results[s];
		for (size_t c = m->senders; from->unnamed && c < count && m->change_count < CHANGES_MAX; c++) {
			const struct address_result *to = &m->results[c];
			if (!to->named || to->ip.family != from->ip.family)
				continue;
			if (mta_advice_bind(m->detection, &from->ip, &to->ip, &m->changes[m->change_count])) {
				snprintf(m->changed_for[m->change_count], NAMES_ADDR_TEXT_MAX, "%s", from->ip.text);
				m->change_count++;
			}
			break;
		}
	}
}

static void on_result(void *ctx, size_t index, const struct target *target, const char *text)
{
	struct machine_run *m = ctx;
	(void)target;
	size_t len = strlen(text);
	int w;
	if (m->opts->json) { /* an element of "checks" or "others": no newline inside the object */
		const char *before = index == m->senders ? "],\"others\":[" : index ? "," : "";
		w = printf("%s%.*s", before, (int)(len && text[len - 1] == '\n' ? len - 1 : len), text);
	} else if (index >= m->senders) {
		w = printf("%s%s", index == m->senders ? "\nThe other public addresses here (not sending now):\n" : "", text);
	} else {
		w = printf("%s%s", index ? "\n" : "", text);
	}
	m->failed_output |= w < 0;
}

static void print_changes_text(const struct machine_run *m)
{
	if (m->change_count == 0)
		return;
	printf("\nWhat to change on this machine:\n");
	for (size_t i = 0; i < m->change_count; i++) {
		char line[sizeof m->changes[i].line * 4], why[sizeof m->changes[i].why * 4];
		names_escape(m->changes[i].line, line, sizeof line);
		names_escape(m->changes[i].why, why, sizeof why);
		printf("  %s\n    %s\n", line, why);
	}
}

static void print_changes_json(const struct machine_run *m, size_t count)
{
	printf("%s],\"changes\":[", count > m->senders ? "" : "],\"others\":[");
	for (size_t i = 0; i < m->change_count; i++) {
		printf("%s{", i ? "," : "");
		json_field(stdout, "address", m->changed_for[i], true);
		json_field(stdout, "line", m->changes[i].line, false);
		json_field(stdout, "why", m->changes[i].why, false);
		printf("}");
	}
	printf("]}\n");
}

/* addresses - the public sending addresses, then (unless a relay sends)
 * the other public ones that are not temporary; m->senders counts the
 * first. */
static size_t addresses(struct machine_run *m, const char *words[DETECT_ADDRESSES_MAX])
{
	const struct detection *d = m->detection;
	size_t count = 0;
	for (size_t i = 0; i < d->address_count; i++)
		if (detect_checkable(&d->addresses[i]))
			words[count++] = d->addresses[i].ip.text;
	m->senders = count;
	for (size_t i = 0; count && !d->mta.relayhost[0] && i < d->address_count; i++) {
		const struct detected_address *a = &d->addresses[i];
		if (!a->sends && a->public && !a->temporary)
			words[count++] = a->ip.text;
	}
	return count;
}

/* check_addresses - every address of addresses(), on one batch. */
static bool check_addresses(struct machine_run *m, struct backend *backend, const char *helo, size_t *count)
{
	const char *words[DETECT_ADDRESSES_MAX];
	*count = addresses(m, words);
	struct targets *targets = NULL;
	struct batch *b = NULL;
	char err[400];
	static volatile sig_atomic_t never;
	const struct batch_callbacks callbacks = {render, on_result, NULL, NULL, NULL};
	bool ok = targets_new(words, *count, NULL, helo, &targets, err, sizeof err) &&
		  batch_new(backend, targets, m->opts->provider, BATCH_PARALLEL_DEFAULT, &callbacks, m, &b) &&
		  batch_run(b, &never) == BATCH_DONE;
	batch_free(b);
	targets_free(targets);
	if (ok)
		bind_changes(m, *count);
	return ok;
}

int machine_command_run(const struct options *opts)
{
	struct detect_options o = session_detect_options(opts);
	struct machine_run *m = calloc(1, sizeof *m);
	struct detection *d = malloc(sizeof *d);
	if (!m || !d || !detect_run(&o, d)) {
		fprintf(stderr, "ptrdoctor: cannot read this machine's interfaces%s\n", m && d ? "" : " (out of memory)");
		free(m);
		free(d);
		return 3;
	}
	*m = (struct machine_run){.opts = opts, .detection = d};
	const char *helo = opts->helo ? opts->helo : d->helo[0] ? d->helo : NULL;
	if (opts->json) {
		printf("{\"detect\":");
		report_detect_json(stdout, d);
		printf(",\"checks\":[");
	} else {
		report_detect_text(stdout, d);
		printf("\n");
	}
	struct backend *backend = detect_checkable_count(d) ? session_backend_new(opts) : NULL;
	size_t count = 0;
	bool ok = backend && check_addresses(m, backend, helo, &count);
	backend_free(backend);
	if (opts->json)
		print_changes_json(m, count);
	else if (detect_checkable_count(d) == 0)
		printf("Nothing to check: no public address here sends mail (the notes above say why).\n");
	else
		print_changes_text(m);
	int code = ok && m->checked ? rules_exit_code(m->worst) : 3;
	if (fflush(stdout) != 0 || m->failed_output)
		code = 3;
	free(m);
	free(d);
	return code;
}
