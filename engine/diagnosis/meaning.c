/* meaning - what a finished step's answer means, in the step's own terms. */
#define _POSIX_C_SOURCE 200809L
#include "meaning.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util/help.h"

#define WORDS_MAX 1024
#define VALUE_MAX 1024

/* compared_address - the address an address lookup is asked to lead back
 * to (the IP checked, or the other address of an OTHER_FORWARD step), or
 * NULL when the step's answer is not a yes-or-no. */
static const struct ip_address *compared_address(const struct step *step, const struct ip_address *ip,
						 struct ip_address *other)
{
	int family = step->qtype == LDNS_RR_TYPE_A ? AF_INET : step->qtype == LDNS_RR_TYPE_AAAA ? AF_INET6 : 0;
	if ((step->purpose == PURPOSE_TARGET_A || step->purpose == PURPOSE_TARGET_AAAA) && ip && ip->family == family)
		return ip;
	if (step->purpose == PURPOSE_OTHER_FORWARD && step->about && names_parse_ip(step->about, other) == NAMES_OK &&
	    other->family == family)
		return other;
	return NULL;
}

static bool holds_address(const ldns_rr_list *records, const struct ip_address *ip)
{
	size_t want = ip->family == AF_INET ? 4 : 16;
	for (size_t i = 0; i < ldns_rr_list_rr_count(records); i++) {
		const ldns_rdf *rdf = ldns_rr_rdf(ldns_rr_list_rr(records, i), 0);
		if (rdf && ldns_rdf_size(rdf) == want && memcmp(ldns_rdf_data(rdf), ip->bytes, want) == 0)
			return true;
	}
	return false;
}

/* answered_outcome - the outcome of a step that got a reply. */
static const char *answered_outcome(const struct step *step, const struct ip_address *ip)
{
	if (step->rcode == LDNS_RCODE_REFUSED)
		return "refused";
	if (step->rcode == LDNS_RCODE_SERVFAIL)
		return "servfail";
	if (step->rcode != LDNS_RCODE_NOERROR && step->rcode != LDNS_RCODE_NXDOMAIN)
		return "rcode";
	if (step->target && !ldns_pkt_aa(step->packet))
		return "not-authoritative";
	if (step->qtype == LDNS_RR_TYPE_SOA && step_soa(step))
		return step->rcode == LDNS_RCODE_NXDOMAIN ? "no-name-zone" : "zone";
	if (step->rcode == LDNS_RCODE_NXDOMAIN)
		return "no-name";
	ldns_rr_list *records = step_records(step, step->qtype);
	size_t count = ldns_rr_list_rr_count(records);
	struct ip_address other;
	const struct ip_address *compared = count ? compared_address(step, ip, &other) : NULL;
	bool held = compared && holds_address(records, compared);
	ldns_rr_list_deep_free(records);
	if (count)
		return compared ? (held ? "match" : "no-match") : "records";
	ldns_rr_list *chain = step_cname_chain(step);
	size_t crossed = ldns_rr_list_rr_count(chain);
	ldns_rr_list_deep_free(chain);
	return crossed ? "alias" : "no-data";
}

const char *meaning_outcome(const struct step *step, const struct ip_address *ip)
{
	switch (step->state) {
	case STEP_PENDING:
	case STEP_RUNNING: return "";
	case STEP_CANCELLED: return "stopped";
	case STEP_TIMEOUT: return "timeout";
	case STEP_FAILED: return "failed";
	case STEP_ANSWERED: break;
	}
	return step->packet ? answered_outcome(step, ip) : "failed";
}

/* sentence_name - a name as a sentence shows it: escaped, without the
 * root's dot (the dot ending "mail.example.com." is the sentence's). */
static void sentence_name(const char *name, char *buf, size_t size)
{
	names_escape(name ? name : "", buf, size);
	size_t len = strlen(buf);
	if (len > 1 && buf[len - 1] == '.' && buf[len - 2] != '\\')
		buf[len - 1] = '\0';
}

static void rdf_words(const ldns_rdf *rdf, char *buf, size_t size)
{
	char text[VALUE_MAX];
	names_rdf_text(rdf, text, sizeof text);
	sentence_name(text, buf, size);
}

/* append - add text to the string in buf, cut to fit. */
static void append(char *buf, size_t size, const char *text)
{
	size_t used = strlen(buf);
	if (used + 1 < size)
		snprintf(buf + used, size - used, "%s", text);
}

/* records_words - the final records of the step's type: "a, b and c". */
static void records_words(const struct step *step, char *buf, size_t size)
{
	ldns_rr_list *records = step_records(step, step->qtype);
	size_t count = ldns_rr_list_rr_count(records);
	buf[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		char *text = step_record_text(ldns_rr_list_rr(records, i));
		char word[VALUE_MAX];
		sentence_name(text, word, sizeof word);
		free(text);
		append(buf, size, i == 0 ? "" : i + 1 == count ? " and " : ", ");
		append(buf, size, word);
	}
	ldns_rr_list_deep_free(records);
}

/* alias_words - the last name the answer's CNAMEs lead to. */
static void alias_words(const struct step *step, char *buf, size_t size)
{
	ldns_rr_list *chain = step_cname_chain(step);
	size_t count = ldns_rr_list_rr_count(chain);
	buf[0] = '\0';
	if (count)
		rdf_words(ldns_rr_rdf(ldns_rr_list_rr(chain, count - 1), 0), buf, size);
	ldns_rr_list_deep_free(chain);
}

struct soa_words {
	char zone[VALUE_MAX], mname[VALUE_MAX], serial[16];
	const char *section;
};

static void soa_words(const struct step *step, struct soa_words *out)
{
	const ldns_rr *soa = step_soa(step);
	*out = (struct soa_words){.section = step_soa_from_authority(step) ? "authority" : "answer"};
	if (!soa)
		return;
	rdf_words(ldns_rr_owner(soa), out->zone, sizeof out->zone);
	rdf_words(ldns_rr_rdf(soa, 0), out->mname, sizeof out->mname);
	if (ldns_rr_rd_count(soa) > 2)
		snprintf(out->serial, sizeof out->serial, "%u", ldns_rdf2native_int32(ldns_rr_rdf(soa, 2)));
}

/* sentence - the line of help/step-answers.txt for the purpose and the
 * outcome, or for any purpose and the outcome. */
static bool sentence(const struct step *step, const char *outcome, char *buf, size_t size)
{
	char key[64];
	snprintf(key, sizeof key, "%s.%s", step_purpose_name(step->purpose), outcome);
	if (help_line("step-answers.txt", key, buf, size))
		return true;
	snprintf(key, sizeof key, "any.%s", outcome);
	return help_line("step-answers.txt", key, buf, size);
}

bool meaning_ede_of(const struct step *step, struct ede_words *out)
{
	char key[16], line[WORDS_MAX];
	memset(out, 0, sizeof *out);
	out->code = -1;
	if (!step_ede(step, &out->code, out->text, sizeof out->text)) {
		out->code = -1;
		return false;
	}
	snprintf(key, sizeof key, "%d", out->code);
	if (!help_line("ede.txt", key, line, sizeof line))
		snprintf(line, sizeof line, "Extended DNS Error | a code ptrdoctor does not know");
	char *bar = strstr(line, " | ");
	if (bar)
		*bar = '\0';
	snprintf(out->name, sizeof out->name, "%.63s", line);
	snprintf(out->words, sizeof out->words, "%.399s", bar ? bar + 3 : "");
	return true;
}

void meaning_ede(const struct step *step, char *buf, size_t size)
{
	struct ede_words e;
	if (size)
		buf[0] = '\0';
	if (meaning_ede_of(step, &e))
		snprintf(buf, size, "the resolver says: %s (EDE %d): %s", e.name, e.code, e.words);
}

/* dnssec_failure - a SERVFAIL whose Extended DNS Error says DNSSEC
 * validation failed (RFC 8914 codes 1, 2, 5 to 12, 25, 27): not the
 * zone's servers. */
static bool dnssec_failure(const struct step *step)
{
	struct ede_words e;
	if (!meaning_ede_of(step, &e))
		return false;
	return (e.code >= 1 && e.code <= 2) || (e.code >= 5 && e.code <= 12) || e.code == 25 || e.code == 27;
}

void meaning_of(const struct step *step, const struct ip_address *ip, char *buf, size_t size)
{
	char template[WORDS_MAX];
	if (size)
		buf[0] = '\0';
	const char *outcome = meaning_outcome(step, ip);
	if (strcmp(outcome, "servfail") == 0 && dnssec_failure(step))
		outcome = "servfail-dnssec";
	if (!*outcome || !sentence(step, outcome, template, sizeof template))
		return;
	char name[VALUE_MAX], about[VALUE_MAX], server[VALUE_MAX], records[WORDS_MAX], alias[VALUE_MAX],
		error[VALUE_MAX];
	struct soa_words soa;
	sentence_name(step->qname, name, sizeof name);
	names_escape(step->about ? step->about : "", about, sizeof about);
	sentence_name(step->target_name ? step->target_name : step->target, server, sizeof server);
	records_words(step, records, sizeof records);
	alias_words(step, alias, sizeof alias);
	names_escape(step->error ? step->error : "", error, sizeof error);
	soa_words(step, &soa);
	const char *keys[] = {"ip", "name", "about", "server", "records", "alias", "zone", "mname", "serial",
			      "section", "rcode", "error", "type"};
	const char *values[] = {ip ? ip->text : "", name, about, server, records, alias, soa.zone, soa.mname,
				soa.serial, soa.section, step_rcode_name(step), error, step_type_name(step)};
	help_expand(template, keys, values, sizeof keys / sizeof keys[0], buf, size);
	char ede[WORDS_MAX];
	meaning_ede(step, ede, sizeof ede);
	size_t used = strlen(buf);
	if (ede[0] && used + 3 < size)
		snprintf(buf + used, size - used, "; %s", ede);
}
