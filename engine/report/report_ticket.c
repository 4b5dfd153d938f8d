/* report_ticket - the support request to whoever sets the PTR. */
#define _POSIX_C_SOURCE 200809L
#include "report_ticket.h"

#include <stdio.h>

#include "advice.h"
#include "render.h"

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
	char plain[REPORT_SAFE_MAX];
	return report_safe(names_strip_dot(name, plain, sizeof plain), buf);
}

static void write_ticket(FILE *out, const void *ctx)
{
	const struct report_input *in = ctx;
	const struct evidence *ev = &in->findings->evidence;
	const char *ip = diagnosis_ip(in->diagnosis)->text;
	const char *rr = diagnosis_ip(in->diagnosis)->family == AF_INET ? "A" : "AAAA";
	const char *name = advice_ptr_name(in);
	char b1[REPORT_SAFE_MAX], b2[REPORT_SAFE_MAX];
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
	return render_string(write_ticket, in);
}
