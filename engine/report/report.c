/* report - a finished diagnosis as plain text or as JSON. */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/backend.h"
#include "json.h"
#include "util/clock.h"
#include "diagnosis/meaning.h"
#include "render.h"

#define SAFE_MAX 2048
#define NEXT_MAX 3000
#define MEANING_MAX 1200

/* safe - terminal-safe copy of text in a caller buffer. */
static const char *safe(const char *text, char *buf)
{
	names_escape(text ? text : "", buf, SAFE_MAX);
	return buf;
}

/* json_lines - "key":[lines...] after a comma. */
static void json_lines(FILE *out, const char *key, char **lines, size_t count)
{
	fprintf(out, ",\"%s\":[", key);
	for (size_t i = 0; i < count; i++) {
		fputs(i ? "," : "", out);
		json_string(out, lines[i]);
	}
	fputc(']', out);
}

static void json_step(FILE *out, const struct step *s, const struct ip_address *ip)
{
	char **lines, meaning[MEANING_MAX];
	size_t count = step_answers(s, &lines);
	fputs("{\"question\":", out);
	json_string(out, s->qname);
	fputs(",\"type\":", out);
	json_string(out, step_type_name(s));
	fputs(",\"purpose\":", out);
	json_string(out, step_purpose_name(s->purpose));
	fputs(",\"server\":", out);
	json_string(out, s->server);
	fputs(",\"dig\":", out);
	json_string(out, s->dig);
	fputs(",\"rcode\":", out);
	json_string(out, step_rcode_name(s));
	json_lines(out, "answers", lines, count);
	step_answers_free(lines, count);
	if (step_dig_shows_authority(s)) {
		count = step_authority(s, &lines);
		json_lines(out, "authority", lines, count);
		step_answers_free(lines, count);
	}
	meaning_of(s, ip, meaning, sizeof meaning);
	fputs(",\"meaning\":", out);
	json_string(out, meaning);
	fprintf(out, ",\"ms\":%ld,\"round\":%d", s->ms, s->round);
	if (s->error) {
		fputs(",\"error\":", out);
		json_string(out, s->error);
	}
	fputc('}', out);
}

static void json_zone(FILE *out, const struct evidence *ev, const char *registry_note)
{
	fputs("{\"name\":", out);
	json_string(out, ev->zone[0] ? ev->zone : NULL);
	fputs(",\"primary\":", out);
	json_string(out, ev->zone_primary[0] ? ev->zone_primary : NULL);
	fputs(",\"ns\":[", out);
	for (size_t i = 0; i < ev->zone_ns_count; i++) {
		fputs(i ? "," : "", out);
		json_string(out, ev->zone_ns[i]);
	}
	fputs("],\"cname\":", out);
	json_string(out, ev->cname_target[0] ? ev->cname_target : NULL);
	fprintf(out, ",\"delegated\":%s,\"note\":", registry_note ? "false" : "true");
	json_string(out, registry_note);
	fputc('}', out);
}

static void json_authority(FILE *out, const struct zone_authority *z)
{
	if (!z->asked) {
		fputs("null", out);
		return;
	}
	fputs("{\"zone\":", out);
	json_string(out, z->zone);
	fputs(",\"subject\":", out);
	json_string(out, z->subject);
	fputs(",\"servers\":[", out);
	for (size_t i = 0; i < z->server_count; i++) {
		const struct authority_server *s = &z->servers[i];
		fputs(i ? ",{" : "{", out);
		json_field(out, "name", s->name, true);
		json_field(out, "address", s->address, false);
		json_field(out, "health", authority_health_name(s->health), false);
		json_field(out, "rcode", s->rcode, false);
		fprintf(out, ",\"aa\":%s,\"serial\":", s->aa ? "true" : "false");
		if (s->has_serial)
			fprintf(out, "%u", s->serial);
		else
			fputs("null", out);
		fputs(",\"answers\":", out);
		json_words(out, s->answers);
		fprintf(out, ",\"ttl\":%u,\"ms\":%ld", s->has_records ? s->ttl : 0, s->ms);
		json_field(out, "dig", s->dig, false);
		fputc('}', out);
	}
	fprintf(out, "],\"ns_without_address\":%zu,\"lame\":%zu,\"agree\":%s}", z->ns_without_address, z->lame,
		z->agree && z->good > 0 ? "true" : "false");
}

static void json_cache(FILE *out, const struct cache_view *c)
{
	if (!c->compared) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"current\":%s,\"negative\":%s,\"answers\":", c->current ? "true" : "false",
		c->negative ? "true" : "false");
	json_words(out, c->resolver);
	fputs(",\"authoritative\":", out);
	json_words(out, c->authoritative);
	json_field(out, "server", c->server, false);
	char expires[40] = "";
	time_t t = (time_t)c->expires;
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(out, ",\"serial\":%u,\"ttl_left\":%u,\"record_ttl\":%u,\"expires\":", c->serial, c->ttl_left,
		c->record_ttl);
	json_string(out, expires);
	fputc('}', out);
}

static void json_prediction(FILE *out, const struct prediction *p)
{
	fprintf(out, "{\"verdict\":\"%s\",\"temporary\":%s,\"code\":", receiver_verdict_name(p->verdict),
		p->temporary ? "true" : "false");
	if (p->code)
		fprintf(out, "%d", p->code);
	else
		fputs("null", out);
	fputs(",\"enhanced\":", out);
	json_string(out, p->enhanced[0] ? p->enhanced : NULL);
	fputs(",\"text\":", out);
	json_string(out, p->text[0] ? p->text : NULL);
	fputs(",\"basis\":", out);
	json_string(out, p->basis);
	if (p->has_score)
		fprintf(out, ",\"score\":%.3f", p->score);
	fputc('}', out);
}

/* json_receivers - predictions with a check name grouped under their
 * receiver ("postfix": {"reject_...": {...}}); others stand alone. */
static void json_receivers(FILE *out, const struct predictions *preds)
{
	const char *group = NULL;
	bool first_top = true, first_in_group = true;
	fputc('{', out);
	for (size_t i = 0; i < preds->count; i++) {
		const struct prediction *p = &preds->items[i];
		if (group && (!p->check[0] || strcmp(group, p->receiver) != 0)) {
			fputc('}', out);
			group = NULL;
		}
		if (!group) {
			fprintf(out, "%s\"%s\":", first_top ? "" : ",", p->receiver);
			first_top = false;
		}
		if (p->check[0] && !group) {
			fputc('{', out);
			group = p->receiver;
			first_in_group = true;
		}
		if (p->check[0]) {
			fprintf(out, "%s\"%s\":", first_in_group ? "" : ",", p->check);
			first_in_group = false;
		}
		json_prediction(out, p);
	}
	fputs(group ? "}}" : "}", out);
}

typedef void (*report_writer)(FILE *out, const struct report_input *in, bool color);

/* render - run a writer into a memory stream; only after fclose is the
 * buffer final. Owned string or NULL. */
static const char *provider_id(const struct report_input *in)
{
	return in->findings->provider ? in->findings->provider->id : NULL;
}

static const char *provider_name(const struct report_input *in)
{
	return in->findings->provider ? in->findings->provider->name : NULL;
}

struct render_job {
	report_writer write;
	const struct report_input *in;
	bool color;
};

static void run_job(FILE *out, const void *ctx)
{
	const struct render_job *job = ctx;
	job->write(out, job->in, job->color);
}

static char *render(report_writer write, const struct report_input *in, bool color)
{
	struct render_job job = {write, in, color};
	return render_string(run_job, &job);
}

static void write_json(FILE *out, const struct report_input *in, bool color)
{
	(void)color;
	const struct diagnosis *d = in->diagnosis;
	fputs("{\"ip\":", out);
	json_string(out, diagnosis_ip(d)->text);
	fputs(",\"helo\":", out);
	json_string(out, diagnosis_helo(d));
	fputs(",\"provider\":{\"id\":", out);
	json_string(out, provider_id(in));
	fputs(",\"name\":", out);
	json_string(out, provider_name(in));
	fputs(",\"source\":", out);
	json_string(out, in->findings->provider_source);
	fputs(",\"evidence\":", out);
	json_string(out, findings_provider_evidence(in->findings));
	fprintf(out, "},\"lab\":%s,\"round_trips\":%d,\"steps\":[", backend_is_lab(diagnosis_backend(d)) ? "true" : "false",
		diagnosis_round_trips(d));
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		fputs(i ? "," : "", out);
		json_step(out, diagnosis_step(d, i), diagnosis_ip(d));
	}
	fputs("],\"reverse_zone\":", out);
	json_zone(out, &in->findings->evidence, findings_registry_note(in->findings));
	const struct evidence *ev = &in->findings->evidence;
	fputs(",\"authority\":", out);
	json_authority(out, &ev->authority[ZONE_REVERSE]);
	fputs(",\"authority_forward\":", out);
	json_authority(out, &ev->authority[ZONE_FORWARD]);
	fputs(",\"authority_helo\":", out);
	json_authority(out, &ev->authority[ZONE_HELO]);
	fputs(",\"cache\":", out);
	json_cache(out, &ev->cache);
	fputs(",\"rules\":[", out);
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *r = &in->findings->rules.rules[i];
		fprintf(out, "%s{\"id\":\"%s\",\"status\":\"%s\",\"finding\":", i ? "," : "", rule_id_name(r->id),
			rule_status_name(r->status));
		json_string(out, r->finding);
		fputc('}', out);
	}
	fputs("],\"receivers\":", out);
	json_receivers(out, &in->findings->predictions);
	char next[NEXT_MAX];
	report_next_step(in, next, sizeof next);
	fprintf(out, ",\"verdict\":\"%s\",\"next\":", rule_status_name(in->findings->rules.verdict));
	json_string(out, next);
	fputs("}\n", out);
}

char *report_json(const struct report_input *in)
{
	return render(write_json, in, false);
}

static const char *status_word(enum rule_status status, bool color)
{
	static const char *const plain[] = {"PASS ", "WARN ", "FAIL ", "ERROR", "skip "};
	static const char *const colored[] = {"\033[32mPASS \033[0m", "\033[33mWARN \033[0m",
					      "\033[31mFAIL \033[0m", "\033[35mERROR\033[0m", "\033[2mskip \033[0m"};
	return color ? colored[status] : plain[status];
}

static void text_step(FILE *out, const struct step *s, const struct ip_address *ip)
{
	char b1[SAFE_MAX], b2[SAFE_MAX], meaning[MEANING_MAX];
	char **lines = NULL;
	/* dig +noall +authority prints the SOA, which the meaning says (its
	 * TTL, counting down in a cache, would make the report vary) */
	size_t count = step_dig_shows_authority(s) ? 0 : step_answers(s, &lines);
	fprintf(out, "  %-5s %-44s %-9s %4ld ms\n", step_type_name(s), safe(s->qname, b1), step_rcode_name(s), s->ms);
	fprintf(out, "        $ %s\n", safe(s->dig, b2));
	for (size_t i = 0; i < count; i++)
		fprintf(out, "        %s\n", safe(lines[i], b1));
	if (s->error)
		fprintf(out, "        (%s)\n", safe(s->error, b1));
	step_answers_free(lines, count);
	meaning_of(s, ip, meaning, sizeof meaning);
	if (*meaning)
		fprintf(out, "        means: %s\n", meaning);
}

static void text_zone(FILE *out, const struct evidence *ev, const struct report_input *in)
{
	char b1[SAFE_MAX], b2[SAFE_MAX];
	if (ev->zone[0]) {
		fprintf(out, "\nReverse zone: %s (primary %s", safe(ev->zone, b1), safe(ev->zone_primary, b2));
		for (size_t i = 0; i < ev->zone_ns_count; i++)
			fprintf(out, "%s%s", i ? ", " : "; NS ", safe(ev->zone_ns[i], b1));
		fputs(")\n", out);
		if (ev->cname_target[0])
			fprintf(out, "  The reverse name is a CNAME to %s (RFC 2317 classless delegation).\n",
				safe(ev->cname_target, b1));
		fputs("  The PTR is set by whoever runs this zone, not in your domain's DNS.\n", out);
	} else {
		fputs("\nReverse zone: unknown (the SOA lookup gave no zone)\n", out);
	}
	if (findings_registry_note(in->findings))
		fprintf(out, "  %s.\n", safe(findings_registry_note(in->findings), b1));
	if (provider_name(in) && findings_provider_evidence(in->findings))
		fprintf(out, "Provider: %s (guessed: %s)\n", safe(provider_name(in), b1), safe(findings_provider_evidence(in->findings), b2));
	else if (provider_name(in))
		fprintf(out, "Provider: %s\n", safe(provider_name(in), b1));
}

static void text_authority(FILE *out, const struct zone_authority *z, const char *what, bool with_dig)
{
	char b1[SAFE_MAX], b2[SAFE_MAX];
	if (!z->asked)
		return;
	fprintf(out, "\nServers of %s, %s (asked directly, recursion off)\n", safe(z->zone, b1), what);
	for (size_t i = 0; i < z->server_count; i++) {
		const struct authority_server *s = &z->servers[i];
		char serial[24] = "serial ?";
		if (s->has_serial)
			snprintf(serial, sizeof serial, "serial %u", s->serial);
		fprintf(out, "  %-24s %-15s %-8s %-2s %-17s %s\n", safe(s->name, b1), s->address, s->rcode,
			s->aa ? "aa" : "", serial, s->health == SERVER_GOOD ? safe(s->answers[0] ? s->answers : "(no records)", b2)
									    : authority_health_name(s->health));
		if (with_dig)
			fprintf(out, "      $ %s\n", safe(s->dig, b1));
	}
	if (z->ns_without_address)
		fprintf(out, "  %s has no address\n", safe(z->ns_missing, b1));
}

static void text_cache(FILE *out, const struct cache_view *c)
{
	char b1[SAFE_MAX], b2[SAFE_MAX], until[32];
	if (!c->compared)
		return;
	if (c->current) {
		fputs("  The resolver's answer is the one the zone serves now.\n", out);
		return;
	}
	clock_local(c->expires, true, until, sizeof until);
	fprintf(out, "  The resolver still holds %s for %u s more (until %s); the zone serves %s.\n",
		c->negative ? "\"no PTR\"" : safe(c->resolver, b1), c->ttl_left, until,
		safe(c->authoritative[0] ? c->authoritative : "no PTR", b2));
}

/* write_sources - every zone's own servers and the resolver's cache. */
static void write_sources(FILE *out, const struct evidence *ev, bool with_dig)
{
	text_authority(out, &ev->authority[ZONE_REVERSE], "the reverse zone", with_dig);
	text_cache(out, &ev->cache);
	text_authority(out, &ev->authority[ZONE_FORWARD], "the PTR name's zone", with_dig);
	text_authority(out, &ev->authority[ZONE_HELO], "the HELO's zone", with_dig);
}

static void write_sources_only(FILE *out, const struct report_input *in, bool color)
{
	(void)color;
	write_sources(out, &in->findings->evidence, true);
}

char *report_sources_text(const struct report_input *in)
{
	return render(write_sources_only, in, false);
}

static void text_predictions(FILE *out, const struct predictions *preds, bool color)
{
	fputs("\nReceivers (predicted)\n", out);
	for (size_t i = 0; i < preds->count; i++) {
		const struct prediction *p = &preds->items[i];
		char label[80];
		snprintf(label, sizeof label, "%s %s", p->receiver, p->check);
		const char *verdict = receiver_verdict_name(p->verdict);
		const char *hue = p->verdict == VERDICT_PASS ? "\033[32m" : p->verdict == VERDICT_REJECT ? "\033[31m" : "\033[33m";
		if (color)
			fprintf(out, "  %-46s %s%s\033[0m", label, hue, verdict);
		else
			fprintf(out, "  %-46s %s", label, verdict);
		fprintf(out, "%s\n", p->temporary ? " (temporary: DNS trouble)" : "");
		if (p->text[0])
			fprintf(out, "      %s\n", p->text);
	}
}

static void write_text(FILE *out, const struct report_input *in, bool color)
{
	const struct diagnosis *d = in->diagnosis;
	char b1[SAFE_MAX];
	fprintf(out, "ptrdoctor: %s", diagnosis_ip(d)->text);
	if (diagnosis_helo(d))
		fprintf(out, ", HELO %s", safe(diagnosis_helo(d), b1));
	if (provider_name(in))
		fprintf(out, ", provider %s", safe(provider_name(in), b1));
	fprintf(out, "%s\n\nLookups (%s; the FCrDNS verdict took %d round trip%s)\n",
		backend_is_lab(diagnosis_backend(d)) ? "  [LAB]" : "", backend_server_label(diagnosis_backend(d)),
		diagnosis_round_trips(d), diagnosis_round_trips(d) == 1 ? "" : "s");
	for (size_t i = 0; i < diagnosis_step_count(d); i++)
		text_step(out, diagnosis_step(d, i), diagnosis_ip(d));
	text_zone(out, &in->findings->evidence, in);
	const struct evidence *ev = &in->findings->evidence;
	write_sources(out, ev, false);
	fputs("\nRules\n", out);
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *r = &in->findings->rules.rules[i];
		fprintf(out, "  %s  %-17s %s\n", status_word(r->status, color), rule_id_name(r->id), r->finding);
	}
	text_predictions(out, &in->findings->predictions, color);
	char next[NEXT_MAX];
	report_next_step(in, next, sizeof next);
	fprintf(out, "\nVerdict: %s\nNext: %s\n", status_word(in->findings->rules.verdict, color), next);
}

char *report_text(const struct report_input *in, bool color)
{
	return render(write_text, in, color);
}

const char *report_ticket_name(const struct report_input *in)
{
	const char *helo = diagnosis_helo(in->diagnosis);
	if (helo && names_helo_kind(helo, NULL) == HELO_FQDN)
		return helo;
	for (size_t i = 0; i < in->findings->evidence.target_count; i++)
		if (in->findings->evidence.targets[i].confirms)
			return in->findings->evidence.targets[i].name;
	return NULL;
}

/* next_wait - the fix is at the source, only caches hold the old answer. */
static bool next_wait(const struct report_input *in, char *buf, size_t size)
{
	const struct cache_view *c = &in->findings->evidence.cache;
	if (!c->compared || c->current || !c->authoritative[0])
		return false;
	char until[16], b1[SAFE_MAX], b2[SAFE_MAX];
	clock_local(c->expires, false, until, sizeof until);
	snprintf(buf, size,
		 "Fixed at the source: %s already serves the PTR %s (serial %u). Wait until %s: the resolver keeps the "
		 "old answer %u s more, and receivers' resolvers (Gmail's too) may keep it as long. Then check again.",
		 safe(c->server, b1), safe(c->authoritative, b2), c->serial, until, c->ttl_left);
	return true;
}

/* next_set_ptr - who sets the PTR, to which name, and where. */
static void next_set_ptr(const struct report_input *in, const char *name, char *buf, size_t size)
{
	const struct provider *p = in->findings->provider;
	const struct evidence *ev = &in->findings->evidence;
	const char *ip = diagnosis_ip(in->diagnosis)->text;
	char b1[SAFE_MAX], b2[SAFE_MAX], shown[EVIDENCE_NAME_MAX];
	names_strip_dot(name, shown, sizeof shown);
	if (p && provider_next(p, ip, safe(shown, b1), buf, size))
		return; /* a home line or a hosted sender: nobody to ask for a PTR */
	if (p && strcmp(p->id, "other") != 0)
		snprintf(buf, size, "Ask %s to set the PTR of %s to %s: %s.", p->name, ip, safe(shown, b1), p->where);
	else if (ev->zone[0])
		snprintf(buf, size, "Ask whoever runs %s (%s, the holder of %s) to set its PTR to %s.", safe(ev->zone, b1),
			 safe(ev->zone_rname, b2), ip, shown);
	else
		snprintf(buf, size, "Ask the holder of %s (your hosting provider or ISP) to set its PTR to %s.", ip,
			 safe(shown, b1));
}

void report_next_step(const struct report_input *in, char *buf, size_t size)
{
	const struct rule_result *problem = rules_first_problem(&in->findings->rules);
	const struct evidence *ev = &in->findings->evidence;
	const char *ip = diagnosis_ip(in->diagnosis)->text;
	const char *name = report_ticket_name(in);
	char b1[SAFE_MAX], shown[EVIDENCE_NAME_MAX];
	names_strip_dot(name ? name : "mail.example.com", shown, sizeof shown);
	if (next_wait(in, buf, size))
		return;
	if (!problem) {
		snprintf(buf, size, "Nothing to do: receivers that check reverse DNS accept mail from %s.", ip);
		return;
	}
	switch (problem->id) {
	case RULE_PTR_EXISTS:
	case RULE_PTR_SINGLE:
	case RULE_PTR_HOSTNAME:
	case RULE_PTR_NOT_GENERIC:
		next_set_ptr(in, name ? name : "your server's name (such as mail.example.com)", buf, size);
		return;
	case RULE_PTR_FORWARD:
	case RULE_FCRDNS:
		if (ev->target_count > 0 && name && names_equal(name, ev->targets[0].name))
			snprintf(buf, size, "In your domain's DNS, add %s %s %s: the PTR already names it.",
				 safe(shown, b1), strchr(ip, ':') ? "AAAA" : "A", ip);
		else
			next_set_ptr(in, name ? name : "your server's name (such as mail.example.com)", buf, size);
		return;
	case RULE_HELO_FQDN:
	case RULE_HELO_RESOLVES:
	case RULE_HELO_MATCHES_PTR:
		snprintf(buf, size, "Make your server say HELO %s (Postfix: smtp_helo_name, or myhostname), a name "
			 "whose %s record is %s.", safe(shown, b1), strchr(ip, ':') ? "AAAA" : "A", ip);
		return;
	default:
		break;
	}
	if (problem->status == RULE_ERROR)
		snprintf(buf, size, "Check again in a few minutes: %s.", problem->finding);
	else
		snprintf(buf, size, "Rule %s: %s.", rule_id_name(problem->id), problem->finding);
}

/* forward_in_place - the name's address records include the IP. */
static bool forward_in_place(const struct report_input *in, const char *name)
{
	const char *helo = diagnosis_helo(in->diagnosis);
	if (helo && names_equal(helo, name))
		return in->findings->evidence.helo_has_ip;
	for (size_t i = 0; i < in->findings->evidence.target_count; i++)
		if (names_equal(in->findings->evidence.targets[i].name, name))
			return in->findings->evidence.targets[i].confirms;
	return false;
}

/* prose - a name without its trailing dot, escaped, for a sentence. */
static const char *prose(const char *name, char *buf)
{
	char plain[SAFE_MAX];
	return safe(names_strip_dot(name, plain, sizeof plain), buf);
}

static void write_ticket(FILE *out, const struct report_input *in, bool color)
{
	(void)color;
	const struct evidence *ev = &in->findings->evidence;
	const char *ip = diagnosis_ip(in->diagnosis)->text;
	const char *rr = diagnosis_ip(in->diagnosis)->family == AF_INET ? "A" : "AAAA";
	const char *name = report_ticket_name(in);
	char b1[SAFE_MAX], b2[SAFE_MAX];
	const char *shown = name ? prose(name, b1) : "mail.example.com (replace with your server's name)";
	fprintf(out, "Subject: Reverse DNS (PTR) for %s\n\nHello,\n\n", ip);
	fprintf(out, "please set the reverse DNS (PTR record) of %s to %s.\n\n", ip, shown);
	if (name && forward_in_place(in, name))
		fprintf(out, "The forward record is in place: %s has the %s record %s.\n", shown, rr, ip);
	else
		fprintf(out, "I will create the forward record %s %s %s before the change.\n", shown, rr, ip);
	if (ev->ptr == OUTCOME_FOUND)
		fprintf(out, "Today the PTR of %s is %s", ip, prose(ev->targets[0].name, b2));
	else
		fprintf(out, "Today %s has no PTR record", ip);
	if (ev->zone[0])
		fprintf(out, " (reverse zone %s)", prose(ev->zone, b2));
	fprintf(out, ".\n\nThe server sends mail, and receivers such as Gmail refuse mail from an address whose PTR "
		     "is missing or does not resolve back to the address.\n\nThank you.\n");
}

char *report_ticket(const struct report_input *in)
{
	return render(write_ticket, in, false);
}
