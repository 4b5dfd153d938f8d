/* receivers - what real mail receivers answer for a diagnosis: the table
 * of receivers, one file each under engine/receivers/. */
#define _POSIX_C_SOURCE 200809L
#include "receivers.h"

#include <stdio.h>
#include <string.h>

#include "rules/generic.h"

#include "receiver.h"

static const struct {
	const char *id;      /* as in JSON and predictions' `receiver` */
	const char *name;    /* as people write it */
	receiver_predict_fn predict;
} receivers[] = {
	{"postfix", "Postfix", receiver_postfix_predict},
	{"gmail", "Gmail", receiver_gmail_predict},
	{"exim", "Exim", receiver_exim_predict},
	{"spamassassin", "SpamAssassin", receiver_spamassassin_predict},
	{"rspamd", "rspamd", receiver_rspamd_predict},
	{"opensmtpd", "OpenSMTPD", receiver_opensmtpd_predict},
	{"sendmail", "Sendmail", receiver_sendmail_predict},
	{"yahoo", "Yahoo", receiver_yahoo_predict},
	{"microsoft", "Microsoft", receiver_microsoft_predict},
};

const char *receiver_display_name(const char *receiver)
{
	for (size_t i = 0; i < sizeof receivers / sizeof receivers[0]; i++)
		if (strcmp(receiver, receivers[i].id) == 0)
			return receivers[i].name;
	return receiver;
}

void receivers_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sizeof receivers / sizeof receivers[0]; i++)
		receivers[i].predict(d, ev, out);
}

void receivers_predict_others(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < ev->other_count; i++) {
		const struct other_address *o = &ev->others[i];
		struct ip_address ip;
		if (names_parse_ip(o->address, &ip) != NAMES_OK)
			continue;
		bool found = o->ptr == OUTCOME_FOUND;
		struct client_names names = {.ptr = o->ptr, .count = found, .confirming = found && o->confirms,
					     .temp = found && o->forward == OUTCOME_TEMP};
		char why[300];
		bool dynamic = found && generic_name_check(o->ptr_name, &ip, diagnosis_helo(d), why, sizeof why) ==
						GENERIC_ACCESS_WORD;
		struct prediction *gmail = receiver_add(out, "gmail", "", receiver_gmail_basis());
		snprintf(gmail->address, sizeof gmail->address, "%s", ip.text);
		receiver_gmail_reply(&ip, &names, gmail);
		struct prediction *microsoft = receiver_add(out, "microsoft", "", receiver_microsoft_basis());
		snprintf(microsoft->address, sizeof microsoft->address, "%s", ip.text);
		receiver_microsoft_reply(&ip, &names, dynamic, microsoft);
	}
}
