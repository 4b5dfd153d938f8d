/* report_text - a finished diagnosis as the human report. */
#define _POSIX_C_SOURCE 200809L
#include "report_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "diagnosis/meaning.h"
#include "dns/backend.h"
#include "render.h"
#include "util/clock.h"

#define NEXT_MAX (3 * CAUSE_TEXT_MAX + 400)
#define MEANING_MAX 1200

static const char *status_word(enum rule_status status, bool color)
{
	static const char *const plain[] = {"PASS ", "WARN ", "FAIL ", "ERROR", "skip "};
	static const char *const colored[] = {"\033[32mPASS \033[0m", "\033[33mWARN \033[0m",
					      "\033[31mFAIL \033[0m", "\033[35mERROR\033[0m", "\033[2mskip \033[0m"};
	return color ? colored[status] : plain[status];
}

static void text_step(FILE *out, const struct report_input *in, const struct step *s)
{
	const struct ip_address *ip = diagnosis_ip(in->diagnosis);
	char b1[REPORT_SAFE_MAX], b2[REPORT_SAFE_MAX], meaning[MEANING_MAX];
	char **lines = NULL;
	/* dig +noall +authority prints the SOA, which the meaning says (its
	 * TTL, counting down in a cache, would make the report vary) */
	size_t count = step_dig_shows_authority(s) ? 0 : step_answers(s, &lines);
	fprintf(out, "  %s %-5s %-42s %-9s %4ld ms\n", report_mark_symbol(mark_of_step(in->findings, in->diagnosis, s)),
		step_type_name(s), report_safe(s->qname, b1), step_rcode_name(s), s->ms);
	fprintf(out, "        $ %s\n", report_safe(s->dig, b2));
	for (size_t i = 0; i < count; i++)
		fprintf(out, "        %s\n", report_safe(lines[i], b1));
	if (s->error)
		fprintf(out, "        (%s)\n", report_safe(s->error, b1));
	step_answers_free(lines, count);
	meaning_of(s, ip, meaning, sizeof meaning);
	if (*meaning)
		fprintf(out, "        means: %s\n", meaning);
}

static void text_zone(FILE *out, const struct evidence *ev, const struct report_input *in)
{
	char b1[REPORT_SAFE_MAX], b2[REPORT_SAFE_MAX];
	if (ev->zone[0]) {
		fprintf(out, "\nReverse zone: %s (primary %s", report_safe(ev->zone, b1), report_safe(ev->zone_primary, b2));
		for (size_t i = 0; i < ev->zone_ns_count; i++)
			fprintf(out, "%s%s", i ? ", " : "; NS ", report_safe(ev->zone_ns[i], b1));
		fputs(")\n", out);
		if (ev->cname_target[0])
			fprintf(out, "  The reverse name is a CNAME to %s (RFC 2317 classless delegation).\n",
				report_safe(ev->cname_target, b1));
		fputs("  The PTR is set by whoever runs this zone, not in your domain's DNS.\n", out);
	} else {
		fputs("\nReverse zone: unknown (the SOA lookup gave no zone)\n", out);
	}
	if (findings_registry_note(in->findings))
		fprintf(out, "  %s.\n", report_safe(findings_registry_note(in->findings), b1));
	if (report_provider_name(in) && findings_provider_evidence(in->findings))
		fprintf(out, "Provider: %s (guessed: %s)\n", report_safe(report_provider_name(in), b1), report_safe(findings_provider_evidence(in->findings), b2));
	else if (report_provider_name(in))
		fprintf(out, "Provider: %s\n", report_safe(report_provider_name(in), b1));
}

static void text_authority(FILE *out, const struct evidence *ev, enum zone_role role, const char *what, bool with_dig)
{
	char b1[REPORT_SAFE_MAX], b2[REPORT_SAFE_MAX];
	const struct zone_authority *z = &ev->authority[role];
	if (!z->asked)
		return;
	fprintf(out, "\nServers of %s, %s (asked directly, recursion off)\n", report_safe(z->zone, b1), what);
	for (size_t i = 0; i < z->server_count; i++) {
		const struct authority_server *s = &z->servers[i];
		char serial[24] = "serial ?";
		if (s->has_serial)
			snprintf(serial, sizeof serial, "serial %u", s->serial);
		fprintf(out, "  %-24s %-15s %-8s %-2s %-17s %s\n", report_safe(s->name, b1), s->address, s->rcode,
			s->aa ? "aa" : "", serial, s->health == SERVER_GOOD ? report_safe(s->answers[0] ? s->answers : "(no records)", b2)
									    : authority_health_name(s->health));
		if (with_dig)
			fprintf(out, "      $ %s\n", report_safe(s->dig, b1));
	}
	if (z->ns_without_address)
		fprintf(out, "  %s has no address\n", report_safe(z->ns_missing, b1));
	if (rules_zone_unreachable(ev, role))
		fputs("  None answered from here, while the resolver got the zone's answers: this network lets DNS through\n"
		      "  only to its resolver (a firewall or a route), which is no fault of the zone.\n", out);
}

static void text_cache(FILE *out, const struct cache_view *c)
{
	char b1[REPORT_SAFE_MAX], b2[REPORT_SAFE_MAX], until[32];
	if (!c->compared)
		return;
	if (c->current) {
		fputs("  The resolver's answer is the one the zone serves now.\n", out);
		return;
	}
	clock_local(c->expires, true, until, sizeof until);
	fprintf(out, "  The resolver still holds %s for %u s more (until %s); the zone serves %s.\n",
		c->negative ? "\"no PTR\"" : report_safe(c->resolver, b1), c->ttl_left, until,
		report_safe(c->authoritative[0] ? c->authoritative : "no PTR", b2));
}

/* write_sources - every zone's own servers and the resolver's cache. */
static void write_sources(FILE *out, const struct evidence *ev, bool with_dig)
{
	text_authority(out, ev, ZONE_REVERSE, "the reverse zone", with_dig);
	text_cache(out, &ev->cache);
	text_authority(out, ev, ZONE_FORWARD, "the PTR name's zone", with_dig);
	text_authority(out, ev, ZONE_HELO, "the HELO's zone", with_dig);
}

static void write_sources_only(FILE *out, const void *ctx)
{
	const struct report_input *in = ctx;
	write_sources(out, &in->findings->evidence, true);
}

char *report_sources_text(const struct report_input *in)
{
	return render_string(write_sources_only, in);
}

static void text_predictions(FILE *out, const struct predictions *preds, bool color)
{
	for (size_t i = 0; i < preds->count; i++) {
		const struct prediction *p = &preds->items[i];
		if (p->address[0] && (i == 0 || strcmp(p->address, preds->items[i - 1].address) != 0))
			fprintf(out, "  for mail sent from %s, another address of the server's names:\n", p->address);
		char label[80];
		snprintf(label, sizeof label, "%s %s", p->receiver, p->check);
		const char *verdict = receiver_verdict_name(p->verdict);
		const char *hue = p->verdict == VERDICT_PASS ? "\033[32m" : p->verdict == VERDICT_REJECT ? "\033[31m" : "\033[33m";
		if (color)
			fprintf(out, "  %-46s %s%s\033[0m", label, hue, verdict);
		else
			fprintf(out, "  %-46s %s", label, verdict);
		fprintf(out, "%s\n", p->temporary ? " (from DNS trouble)" : "");
		bool two = p->verdict == VERDICT_EITHER && p->has_score;
		if (p->text[0])
			fprintf(out, "      %s%s\n", p->text, two ? " (a PTR that does not verify comes first)" : "");
		if (two)
			fprintf(out, "      or %s (the PTR that verifies comes first)\n", p->alternative[0] ? p->alternative : "none");
	}
}

/* text_causes - what to change, each on a line, the next step first. */
static void text_causes(FILE *out, const struct causes *causes)
{
	if (causes->count == 0)
		return;
	fputs("\nWhat to change (who: what [the rules it clears])\n", out);
	for (size_t i = 0; i < causes->count; i++) {
		char line[4 * CAUSE_TEXT_MAX];
		advice_cause_line(&causes->items[i], line, sizeof line);
		fprintf(out, "  %zu. %s\n", i + 1, line);
		if (causes->items[i].instead[0])
			fprintf(out, "     %s\n", causes->items[i].instead);
	}
}

/* The text writer's context: the input and whether to colour it. */
struct text_job {
	const struct report_input *in;
	bool color;
};

static void write_text(FILE *out, const void *ctx)
{
	const struct report_input *in = ((const struct text_job *)ctx)->in;
	bool color = ((const struct text_job *)ctx)->color;
	const struct diagnosis *d = in->diagnosis;
	char b1[REPORT_SAFE_MAX];
	fprintf(out, "ptrdoctor: %s", diagnosis_ip(d)->text);
	if (diagnosis_helo(d))
		fprintf(out, ", HELO %s", report_safe(diagnosis_helo(d), b1));
	if (report_provider_name(in))
		fprintf(out, ", provider %s", report_safe(report_provider_name(in), b1));
	fprintf(out, "%s\n\nLookups (%s; the FCrDNS verdict took %d round trip%s)\n",
		backend_is_lab(diagnosis_backend(d)) ? "  [LAB]" : "", backend_server_label(diagnosis_backend(d)),
		diagnosis_round_trips(d), diagnosis_round_trips(d) == 1 ? "" : "s");
	fprintf(out, "  (%s)\n", report_mark_legend());
	for (size_t i = 0; i < diagnosis_step_count(d); i++)
		text_step(out, in, diagnosis_step(d, i));
	text_zone(out, &in->findings->evidence, in);
	const struct evidence *ev = &in->findings->evidence;
	write_sources(out, ev, false);
	fputs("\nRules\n", out);
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *r = &in->findings->rules.rules[i];
		fprintf(out, "  %s  %-17s %s\n", status_word(r->status, color), rule_id_name(r->id), r->finding);
	}
	fputs("\nReceivers (predicted)\n", out);
	text_predictions(out, &in->findings->predictions, color);
	text_predictions(out, &in->findings->other_predictions, color);
	text_causes(out, &in->findings->causes);
	char next[NEXT_MAX];
	advice_next_step(in, next, sizeof next);
	enum rule_status verdict = in->findings->headline.verdict;
	static const char *const hue[] = {"\033[32m", "\033[33m", "\033[31m", "\033[35m", ""};
	char word[8];
	snprintf(word, sizeof word, "%s", status_word(verdict, false));
	word[strcspn(word, " ")] = '\0';
	fprintf(out, "\nVerdict: %s%s%s: %s\nNext: %s\n", color ? hue[verdict] : "", word, color ? "\033[0m" : "",
		in->findings->headline.text, next);
}

char *report_text(const struct report_input *in, bool color)
{
	struct text_job job = {in, color};
	return render_string(write_text, &job);
}

