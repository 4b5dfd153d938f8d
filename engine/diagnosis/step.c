/* step - one DNS question of a diagnosis and what came back. */
#define _POSIX_C_SOURCE 200809L
#include "step.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util/names.h"

#define CNAME_CHAIN_MAX 16

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

struct step *step_new(enum step_purpose purpose, const char *qname, ldns_rr_type qtype,
		      const char *dig, const char *about)
{
	struct step *step = calloc(1, sizeof *step);
	if (!step)
		return NULL;
	step->purpose = purpose;
	step->qtype = qtype;
	step->qname = strdup(qname);
	step->dig = dup_or_null(dig);
	step->about = dup_or_null(about);
	if (!step->qname || (dig && !step->dig) || (about && !step->about)) {
		step_free(step);
		return NULL;
	}
	return step;
}

void step_free(struct step *step)
{
	if (!step)
		return;
	free(step->qname);
	free(step->dig);
	free(step->server);
	free(step->about);
	free(step->error);
	free(step->subject);
	free(step->target);
	free(step->target_name);
	ldns_pkt_free(step->packet);
	free(step);
}

bool step_set_target(struct step *step, const char *address, const char *name, uint16_t port)
{
	free(step->target);
	free(step->target_name);
	step->target = strdup(address);
	step->target_name = dup_or_null(name);
	step->target_port = port;
	return step->target && (!name || step->target_name);
}

bool step_set_subject(struct step *step, const char *subject)
{
	free(step->subject);
	step->subject = dup_or_null(subject);
	return !subject || step->subject;
}

bool step_is_authoritative_round(const struct step *step)
{
	return step->purpose >= PURPOSE_ZONE_SOA;
}

bool step_ok(const struct step *step)
{
	return step->state == STEP_ANSWERED &&
	       (step->rcode == LDNS_RCODE_NOERROR || step->rcode == LDNS_RCODE_NXDOMAIN);
}

const char *step_rcode_name(const struct step *step)
{
	switch (step->state) {
	case STEP_PENDING: return "PENDING";
	case STEP_RUNNING: return "RUNNING";
	case STEP_TIMEOUT: return "TIMEOUT";
	case STEP_FAILED: return "FAILED";
	case STEP_CANCELLED: return "CANCELLED";
	case STEP_ANSWERED: break;
	}
	ldns_lookup_table *entry = ldns_lookup_by_id(ldns_rcodes, (int)step->rcode);
	return entry ? entry->name : "RCODE?";
}

static const struct purpose_info purposes[] = {
	{PURPOSE_PTR, "ptr", LDNS_RR_TYPE_PTR, "Which name does {ip} point to? (PTR)", NULL, DIG_REVERSE, true, false,
	 "A and AAAA of each name; the PTR of a CNAME target the resolver did not follow"},
	{PURPOSE_REVERSE_SOA, "reverse-soa", LDNS_RR_TYPE_SOA, "Who runs the reverse zone of {ip}? (SOA)", NULL, DIG_NAME,
	 false, false, "the NS of the zone it names"},
	{PURPOSE_REVERSE_NS, "reverse-ns", LDNS_RR_TYPE_NS, "Which servers serve {name}? (NS)", NULL, DIG_NAME, false,
	 false, "nothing"},
	{PURPOSE_PTR_FOLLOW, "ptr-follow", LDNS_RR_TYPE_PTR, "Follow the delegated reverse name {name} (PTR)", NULL,
	 DIG_NAME, true, false, "as a PTR: A and AAAA of each name"},
	{PURPOSE_TARGET_A, "target-a", LDNS_RR_TYPE_A, "IPv4 addresses of {name} (A)", "Does {name} point back to {ip}? (A)",
	 DIG_NAME, true, true, "for an IPv6 check: the PTR of each IPv4 address"},
	{PURPOSE_TARGET_AAAA, "target-aaaa", LDNS_RR_TYPE_AAAA, "IPv6 addresses of {name} (AAAA)",
	 "Does {name} point back to {ip}? (AAAA)", DIG_NAME, true, true, "for an IPv4 check: the PTR of each IPv6 address"},
	{PURPOSE_HELO_A, "helo-a", LDNS_RR_TYPE_A, "Does the HELO name {name} exist? (A)", NULL, DIG_NAME, true, false,
	 "for an IPv6 check: the PTR of each IPv4 address"},
	{PURPOSE_HELO_AAAA, "helo-aaaa", LDNS_RR_TYPE_AAAA, "IPv6 addresses of the HELO name {name} (AAAA)", NULL, DIG_NAME,
	 true, false, "for an IPv4 check: the PTR of each IPv6 address"},
	{PURPOSE_HELO_MX, "helo-mx", LDNS_RR_TYPE_MX, "Mail exchangers of the HELO name {name} (MX)", NULL, DIG_NAME, true,
	 false, "nothing"},
	{PURPOSE_HELO_TXT, "helo-txt", LDNS_RR_TYPE_TXT, "Does the HELO name {name} publish SPF? (TXT)", NULL, DIG_NAME,
	 false, false, "nothing: the SPF result for the HELO follows from it (and the HELO's addresses)"},
	{PURPOSE_OTHER_PTR, "other-ptr", LDNS_RR_TYPE_PTR, "Does the server's other address {about} have a PTR?", NULL,
	 DIG_REVERSE, false, false, "the addresses of its PTR names, in its own family"},
	{PURPOSE_OTHER_FORWARD, "other-forward", 0, "Does {name} point back to {about}? ({type})", NULL, DIG_NAME, false,
	 false, "nothing"},
	{PURPOSE_ZONE_SOA, "zone-soa", LDNS_RR_TYPE_SOA, "Which zone holds {name}? (SOA)", NULL, DIG_NAME, false, false,
	 "the NS of the zone it names"},
	{PURPOSE_ZONE_NS, "zone-ns", LDNS_RR_TYPE_NS, "Which servers serve {name}? (NS)", NULL, DIG_NAME, false, false,
	 "the addresses of each name server"},
	{PURPOSE_NS_ADDRESS, "ns-address", 0, "Where is {name}, a server of {about}? ({type})", NULL, DIG_NAME, false,
	 false, "at each address: the zone's SOA and the records asked, recursion off"},
	{PURPOSE_AUTH_ANSWER, "auth-answer", 0, "What does {server} itself say about {name}? ({type})", NULL, DIG_NAME,
	 false, false, "nothing"},
	{PURPOSE_AUTH_SOA, "auth-soa", LDNS_RR_TYPE_SOA, "Which version of {about} does {server} serve? (SOA serial)",
	 NULL, DIG_NAME, false, false, "nothing"},
	{PURPOSE_CHECKING_DISABLED, "checking-disabled", 0,
	 "The same question with DNSSEC checking off: {name} ({type}, dig +cd)", NULL, DIG_NAME, true, false,
	 "nothing: its answer tells a DNSSEC failure from a broken zone"},
};

const struct purpose_info *step_purpose_info(enum step_purpose purpose)
{
	for (size_t i = 0; i < sizeof purposes / sizeof purposes[0]; i++)
		if (purposes[i].purpose == purpose)
			return &purposes[i];
	return &purposes[0];
}

const char *step_purpose_name(enum step_purpose purpose)
{
	return step_purpose_info(purpose)->name;
}

static bool own_family(const struct step *step, int family)
{
	return step->qtype == (family == AF_INET6 ? LDNS_RR_TYPE_AAAA : LDNS_RR_TYPE_A);
}

bool step_is_decisive(const struct step *step, int family)
{
	const struct purpose_info *info = step_purpose_info(step->purpose);
	return info->decisive && (!info->decisive_own_only || own_family(step, family));
}

void step_question(const struct step *step, const char *ip, char *buf, size_t size)
{
	const struct purpose_info *info = step_purpose_info(step->purpose);
	int family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	const char *text = info->question_own && own_family(step, family) ? info->question_own : info->question;
	char server[300];
	if (step->target_name)
		snprintf(server, sizeof server, "%s (%s)", step->target_name, step->target);
	else
		snprintf(server, sizeof server, "%s", step->target ? step->target : "the resolver");
	const char *keys[] = {"{ip}", "{name}", "{about}", "{type}", "{server}"};
	const char *values[] = {ip, step->qname, step->about ? step->about : "", step_type_name(step), server};
	const size_t nkeys = sizeof keys / sizeof keys[0];
	size_t used = 0;
	buf[0] = '\0';
	while (*text && used + 1 < size) {
		size_t k = 0;
		while (k < nkeys && strncmp(text, keys[k], strlen(keys[k])) != 0)
			k++;
		if (k < nkeys) {
			int n = snprintf(buf + used, size - used, "%s", values[k]);
			used += n > 0 ? (size_t)n : 0;
			used = used < size ? used : size - 1;
			text += strlen(keys[k]);
		} else {
			buf[used++] = *text++;
			buf[used] = '\0';
		}
	}
}

const char *step_type_name(const struct step *step)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(step->qtype);
	return d && d->_name ? d->_name : "TYPE?";
}

char *step_record_text(const ldns_rr *rr)
{
	ldns_buffer *buf = ldns_buffer_new(256);
	char *text = NULL;
	if (!buf)
		return NULL;
	for (size_t i = 0; i < ldns_rr_rd_count(rr); i++) {
		if (i > 0)
			ldns_buffer_printf(buf, " ");
		ldns_rdf2buffer_str(buf, ldns_rr_rdf(rr, i));
	}
	if (ldns_buffer_status_ok(buf))
		text = ldns_buffer_export2str(buf);
	ldns_buffer_free(buf);
	return text;
}

size_t step_answers(const struct step *step, char ***lines)
{
	*lines = NULL;
	if (step->state != STEP_ANSWERED || !step->packet)
		return 0;
	ldns_rr_list *answer = ldns_pkt_answer(step->packet);
	size_t count = ldns_rr_list_rr_count(answer), used = 0;
	if (count == 0)
		return 0;
	*lines = calloc(count, sizeof **lines);
	if (!*lines)
		return 0;
	for (size_t i = 0; i < count; i++) {
		char *text = step_record_text(ldns_rr_list_rr(answer, i));
		if (text)
			(*lines)[used++] = text;
	}
	return used;
}

void step_answers_free(char **lines, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
}

/* cname_from - the CNAME record in the answer whose owner is name. */
static ldns_rr *cname_from(ldns_rr_list *answer, const ldns_rdf *name)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(answer); i++) {
		ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME && ldns_rr_rd_count(rr) == 1 &&
		    ldns_dname_compare(ldns_rr_owner(rr), name) == 0)
			return rr;
	}
	return NULL;
}

/* walk_chain - follow CNAMEs from the question name; the crossed records go
 * into chain (borrowed pointers) and *looped says if a name came back. */
static const ldns_rdf *walk_chain(const struct step *step, ldns_rr *chain[], size_t *count,
				  bool *looped)
{
	*count = 0;
	*looped = false;
	if (!step->packet || ldns_rr_list_rr_count(ldns_pkt_question(step->packet)) == 0)
		return NULL;
	ldns_rr_list *answer = ldns_pkt_answer(step->packet);
	const ldns_rdf *name = ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_question(step->packet), 0));
	ldns_rr *cname;
	while ((cname = cname_from(answer, name)) != NULL && step->qtype != LDNS_RR_TYPE_CNAME) {
		for (size_t i = 0; i < *count; i++)
			if (chain[i] == cname) {
				*looped = true;
				return name;
			}
		if (*count == CNAME_CHAIN_MAX) {
			*looped = true;
			return name;
		}
		chain[(*count)++] = cname;
		name = ldns_rr_rdf(cname, 0);
	}
	return name;
}

ldns_rr_list *step_records(const struct step *step, ldns_rr_type type)
{
	ldns_rr_list *out = ldns_rr_list_new();
	ldns_rr *chain[CNAME_CHAIN_MAX];
	size_t count;
	bool looped;
	const ldns_rdf *final = walk_chain(step, chain, &count, &looped);
	if (!out || !final || looped)
		return out;
	ldns_rr_list *answer = ldns_pkt_answer(step->packet);
	for (size_t i = 0; i < ldns_rr_list_rr_count(answer); i++) {
		ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) == type && ldns_rr_rd_count(rr) > 0 &&
		    ldns_dname_compare(ldns_rr_owner(rr), final) == 0)
			ldns_rr_list_push_rr(out, ldns_rr_clone(rr));
	}
	return out;
}

ldns_rr_list *step_cname_chain(const struct step *step)
{
	ldns_rr_list *out = ldns_rr_list_new();
	ldns_rr *chain[CNAME_CHAIN_MAX];
	size_t count;
	bool looped;
	walk_chain(step, chain, &count, &looped);
	for (size_t i = 0; out && i < count; i++)
		ldns_rr_list_push_rr(out, ldns_rr_clone(chain[i]));
	return out;
}

bool step_has_cname_loop(const struct step *step)
{
	ldns_rr *chain[CNAME_CHAIN_MAX];
	size_t count;
	bool looped;
	walk_chain(step, chain, &count, &looped);
	return looped;
}

const ldns_rr *step_soa(const struct step *step)
{
	if (!step || step->state != STEP_ANSWERED || !step->packet)
		return NULL;
	for (int section = 0; section < 2; section++) {
		ldns_rr_list *list = section == 0 ? ldns_pkt_answer(step->packet) : ldns_pkt_authority(step->packet);
		for (size_t i = 0; i < ldns_rr_list_rr_count(list); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(list, i);
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA && ldns_rr_rd_count(rr) >= 2)
				return rr;
		}
	}
	return NULL;
}

bool step_soa_from_authority(const struct step *step)
{
	const ldns_rr *soa = step_soa(step);
	if (!soa)
		return false;
	ldns_rr_list *answer = ldns_pkt_answer(step->packet);
	for (size_t i = 0; i < ldns_rr_list_rr_count(answer); i++)
		if (ldns_rr_list_rr(answer, i) == soa)
			return false;
	return true;
}

#define SHORT_FLAG " +short"
#define AUTHORITY_FLAGS " +noall +authority"

bool step_show_authority(struct step *step)
{
	if (step->qtype != LDNS_RR_TYPE_SOA || step->target || !step->dig || !step_soa_from_authority(step))
		return true;
	size_t len = strlen(step->dig), flag = strlen(SHORT_FLAG);
	if (len < flag || strcmp(step->dig + len - flag, SHORT_FLAG) != 0)
		return true;
	char *dig = malloc(len - flag + strlen(AUTHORITY_FLAGS) + 1);
	if (!dig)
		return false;
	snprintf(dig, len - flag + strlen(AUTHORITY_FLAGS) + 1, "%.*s%s", (int)(len - flag), step->dig, AUTHORITY_FLAGS);
	free(step->dig);
	step->dig = dig;
	return true;
}

bool step_dig_shows_authority(const struct step *step)
{
	return step->dig && names_ends_with(step->dig, AUTHORITY_FLAGS);
}

size_t step_authority(const struct step *step, char ***lines)
{
	*lines = NULL;
	if (step->state != STEP_ANSWERED || !step->packet)
		return 0;
	ldns_rr_list *authority = ldns_pkt_authority(step->packet);
	size_t count = ldns_rr_list_rr_count(authority), used = 0;
	*lines = count ? calloc(count, sizeof **lines) : NULL;
	for (size_t i = 0; *lines && i < count; i++) {
		char *text = ldns_rr2str(ldns_rr_list_rr(authority, i));
		if (!text)
			continue;
		text[strcspn(text, "\n")] = '\0';
		for (char *t = strchr(text, '\t'); t; t = strchr(t, '\t'))
			*t = ' '; /* dig aligns with tabs; one space is the same record */
		(*lines)[used++] = text;
	}
	return used;
}

size_t step_dig_output(const struct step *step, char ***lines)
{
	return step_dig_shows_authority(step) ? step_authority(step, lines) : step_answers(step, lines);
}

const char *step_outcome_name(enum outcome outcome)
{
	switch (outcome) {
	case OUTCOME_FOUND: return "found";
	case OUTCOME_NONE: return "none";
	case OUTCOME_TEMP: return "temporary failure";
	case OUTCOME_MISSING: return "not asked";
	}
	return "?";
}

/* answer_has_strangers - records a resolver has no business answering
 * with: another type than asked (CNAME and DNAME chains and signatures
 * aside). Such an answer cannot be trusted either way. */
static bool answer_has_strangers(const struct step *step)
{
	ldns_rr_list *answer = ldns_pkt_answer(step->packet);
	for (size_t i = 0; i < ldns_rr_list_rr_count(answer); i++) {
		ldns_rr_type t = ldns_rr_get_type(ldns_rr_list_rr(answer, i));
		if (t != step->qtype && t != LDNS_RR_TYPE_CNAME && t != LDNS_RR_TYPE_DNAME && t != LDNS_RR_TYPE_RRSIG)
			return true;
	}
	return false;
}

const char *step_problem(const struct step *step)
{
	if (!step)
		return "not asked";
	if (step->state != STEP_ANSWERED || !step->packet || (step->rcode != LDNS_RCODE_NOERROR &&
							      step->rcode != LDNS_RCODE_NXDOMAIN))
		return step_rcode_name(step);
	if (step_has_cname_loop(step))
		return "a CNAME loop";
	if (step->rcode == LDNS_RCODE_NOERROR && answer_has_strangers(step))
		return "records of another type than asked";
	return NULL;
}

enum outcome step_outcome(const struct step *step, ldns_rr_type type)
{
	if (!step)
		return OUTCOME_MISSING;
	if (step->state != STEP_ANSWERED || !step->packet)
		return OUTCOME_TEMP;
	if (step->rcode == LDNS_RCODE_NXDOMAIN)
		return OUTCOME_NONE;
	if (step->rcode != LDNS_RCODE_NOERROR || step_has_cname_loop(step) || answer_has_strangers(step))
		return OUTCOME_TEMP;
	ldns_rr_list *records = step_records(step, type);
	bool found = ldns_rr_list_rr_count(records) > 0;
	ldns_rr_list_deep_free(records);
	return found ? OUTCOME_FOUND : OUTCOME_NONE;
}

bool step_ede(const struct step *step, int *code, char *text, size_t size)
{
	if (size)
		text[0] = '\0';
	if (step->state != STEP_ANSWERED || !step->packet)
		return false;
	ldns_edns_option_list *options = ldns_pkt_edns_get_option_list(step->packet);
	for (size_t i = 0; options && i < ldns_edns_option_list_get_count(options); i++) {
		const ldns_edns_option *o = ldns_edns_option_list_get_option(options, i);
		size_t len = ldns_edns_get_size(o);
		const uint8_t *data = ldns_edns_get_data(o);
		if (ldns_edns_get_code(o) != LDNS_EDNS_EDE || len < 2 || !data)
			continue;
		*code = data[0] << 8 | data[1];
		char raw[512];
		size_t n = len - 2 < sizeof raw - 1 ? len - 2 : sizeof raw - 1;
		memcpy(raw, data + 2, n);
		raw[n] = '\0'; /* a NUL inside ends the text: what follows is never shown */
		names_escape(raw, text, size);
		return true;
	}
	return false;
}
