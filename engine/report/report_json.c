/* report_json - a finished diagnosis as one JSON object. */
#define _POSIX_C_SOURCE 200809L
#include "report_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "diagnosis/meaning.h"
#include "dns/backend.h"
#include "json.h"
#include "render.h"

#define NEXT_MAX (3 * CAUSE_TEXT_MAX + 400)
#define MEANING_MAX 1200

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

static void json_step(FILE *out, const struct report_input *in, const struct step *s)
{
	const struct ip_address *ip = diagnosis_ip(in->diagnosis);
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
	fprintf(out, ",\"mark\":\"%s\"", mark_name(mark_of_step(in->findings, in->diagnosis, s)));
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

/* json_servfail - why the PTR lookup got SERVFAIL: the same question
 * with DNSSEC checking off, and the resolver's own reason (EDE). */
static void json_servfail(FILE *out, const struct servfail_view *v)
{
	static const char *const causes[] = {[SERVFAIL_NONE] = "unexplained", [SERVFAIL_DNSSEC] = "dnssec",
					      [SERVFAIL_SERVERS] = "servers"};
	if (!v->servfail) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"cause\":\"%s\"", causes[v->cause]);
	json_field(out, "answer_checking_disabled", v->answer[0] ? v->answer : NULL, false);
	fputs(",\"ede\":", out);
	if (v->ede_detail.code < 0) {
		fputs("null}", out);
		return;
	}
	fprintf(out, "{\"code\":%d", v->ede_detail.code);
	json_field(out, "name", v->ede_detail.name, false);
	json_field(out, "text", v->ede_detail.text[0] ? v->ede_detail.text : NULL, false);
	fputs("}}", out);
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
	if (p->verdict == VERDICT_EITHER && p->has_score) {
		fputs(",\"alternative\":", out);
		json_string(out, p->alternative[0] ? p->alternative : NULL);
	}
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

/* json_other_receivers - the predictions for the server's other
 * addresses, each with its address. */
static void json_other_receivers(FILE *out, const struct predictions *preds)
{
	for (size_t i = 0; i < preds->count; i++) {
		const struct prediction *p = &preds->items[i];
		fprintf(out, "%s{\"address\":\"%s\",\"receiver\":\"%s\",\"prediction\":", i ? "," : "", p->address,
			p->receiver);
		json_prediction(out, p);
		fputc('}', out);
	}
}

/* json_cause - one cause: who, what, old and new, where and why. */
static void json_cause(FILE *out, const struct cause *c)
{
	fputs("{\"rules\":[", out);
	bool first = true;
	for (int id = 0; id < RULE_COUNT; id++)
		if (c->rules & (1u << id)) {
			fprintf(out, "%s\"%s\"", first ? "" : ",", rule_id_name((enum rule_id)id));
			first = false;
		}
	fprintf(out, "],\"refusal\":%s", c->refusal ? "true" : "false");
	json_field(out, "kind", c->kind, false);
	json_field(out, "who", cause_who_id(c->who), false);
	json_field(out, "who_name", c->who_name, false);
	json_field(out, "action", cause_action_name(c->action), false);
	json_field(out, "record", c->setting ? NULL : c->record, false);
	json_field(out, "type", c->type[0] ? c->type : NULL, false);
	json_field(out, "setting", c->setting ? c->record : NULL, false);
	json_field(out, "address", c->address, false);
	json_field(out, "old", c->old_value[0] ? c->old_value : NULL, false);
	json_field(out, "new", c->new_value[0] ? c->new_value : NULL, false);
	json_field(out, "where", c->where[0] ? c->where : NULL, false);
	json_field(out, "why", c->why, false);
	json_field(out, "instead", c->instead[0] ? c->instead : NULL, false);
	json_field(out, "text", c->text, false);
	fputc('}', out);
}

static void write_json(FILE *out, const void *ctx)
{
	const struct report_input *in = ctx;
	const struct diagnosis *d = in->diagnosis;
	fputs("{\"ip\":", out);
	json_string(out, diagnosis_ip(d)->text);
	fputs(",\"helo\":", out);
	json_string(out, diagnosis_helo(d));
	fputs(",\"provider\":{\"id\":", out);
	json_string(out, report_provider_id(in));
	fputs(",\"name\":", out);
	json_string(out, report_provider_name(in));
	fputs(",\"source\":", out);
	json_string(out, in->findings->provider_source);
	fputs(",\"evidence\":", out);
	json_string(out, findings_provider_evidence(in->findings));
	fprintf(out, "},\"lab\":%s,\"round_trips\":%d,\"steps\":[", backend_is_lab(diagnosis_backend(d)) ? "true" : "false",
		diagnosis_round_trips(d));
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		fputs(i ? "," : "", out);
		json_step(out, in, diagnosis_step(d, i));
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
	fputs(",\"servfail\":", out);
	json_servfail(out, &ev->ptr_servfail);
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
	fputs(",\"receivers_other\":[", out);
	json_other_receivers(out, &in->findings->other_predictions);
	fputs("],\"causes\":[", out);
	for (size_t i = 0; i < in->findings->causes.count; i++) {
		fputs(i ? "," : "", out);
		json_cause(out, &in->findings->causes.items[i]);
	}
	char next[NEXT_MAX];
	advice_next_step(in, next, sizeof next);
	fprintf(out, "],\"verdict\":\"%s\",\"headline\":", rule_status_name(in->findings->headline.verdict));
	json_string(out, in->findings->headline.text);
	fputs(",\"next\":", out);
	json_string(out, next);
	fputs("}\n", out);
}

char *report_json(const struct report_input *in)
{
	return render_string(write_json, in);
}

