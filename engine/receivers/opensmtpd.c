/* opensmtpd - OpenSMTPD 6.8: the built-in filters' rdns and fcrdns matches. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <string.h>

static const char *const basis_opensmtpd =
	"OpenSMTPD 6.8, compared with the running OpenSMTPD: smtp_session.c and lka_filter.c; the first PTR name "
	"(getnameinfo; a number is no name), confirmed by getaddrinfo in the client's family; a failed lookup is "
	"no rDNS, answered 550 all the same; the reply is the filter's own, here the lines most servers copy: "
	"filter check_rdns phase connect match !rdns disconnect \"550 no rDNS is so 80s\" (check_fcrdns likewise)";

static const char *const reply_rdns = "550 no rDNS is so 80s";
static const char *const reply_fcrdns = "550 no FCrDNS is so 80s";

/* The session's rdns and fcrdns if target t is the PTR getnameinfo returns. */
static bool has_rdns(const struct ptr_target *t, const struct ip_address *ip)
{
	char name[EVIDENCE_NAME_MAX];
	(void)ip;
	return !names_is_numeric_address(names_strip_dot(t->name, name, sizeof name));
}

/* has_fcrdns - getaddrinfo of a PTR name that is a number gives that
 * number back: it confirms when it is the client's own address. */
static bool has_fcrdns(const struct ptr_target *t, const struct ip_address *ip)
{
	char name[EVIDENCE_NAME_MAX];
	struct ip_address number;
	if (names_parse_ip(names_strip_dot(t->name, name, sizeof name), &number) == NAMES_OK)
		return names_ip_equal(&number, ip);
	return t->confirms;
}

/* predict_match - one filter: refused when the match fails for every PTR
 * getnameinfo may return first, either when only for some. */
static void predict_match(const struct diagnosis *d, const struct evidence *ev, struct predictions *out,
			  const char *check, bool (*holds)(const struct ptr_target *, const struct ip_address *),
			  const char *reply)
{
	const struct ip_address *ip = diagnosis_ip(d);
	struct prediction *p = receiver_add(out, "opensmtpd", check, basis_opensmtpd);
	size_t pass = 0;
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++)
		pass += holds(&ev->targets[i], ip);
	bool temporary = ev->ptr == OUTCOME_TEMP;
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++)
		temporary |= !holds(&ev->targets[i], ip) && ev->targets[i].forward == OUTCOME_TEMP;
	if (ev->ptr == OUTCOME_FOUND && pass == ev->target_count)
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	else
		receiver_reply(p, pass ? VERDICT_EITHER : VERDICT_REJECT, temporary, 550, "", "%s", reply);
}

void receiver_opensmtpd_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	predict_match(d, ev, out, "rdns", has_rdns, reply_rdns);
	predict_match(d, ev, out, "fcrdns", has_fcrdns, reply_fcrdns);
}
