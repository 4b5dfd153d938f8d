/* report_ticket - the request for the provider's or a zone operator's causes. */
#define _POSIX_C_SOURCE 200809L
#include "report_ticket.h"

#include <stdio.h>
#include <string.h>

#include "advice.h"
#include "render.h"

#define LINE_MAX_TICKET (3 * CAUSE_TEXT_MAX)

/* first_ticket - the first cause for the provider or an operator, or NULL. */
static const struct cause *first_ticket(const struct causes *causes)
{
	for (size_t i = 0; i < causes->count; i++)
		if (cause_for_ticket(&causes->items[i]))
			return &causes->items[i];
	return NULL;
}

/* forward_later - the user adds the PTR's name's address record first. */
static bool forward_later(const struct causes *causes, const struct cause *ptr)
{
	for (size_t i = 0; i < causes->count; i++)
		if (strcmp(causes->items[i].kind, "forward-add") == 0 && names_equal(causes->items[i].record, ptr->new_value))
			return true;
	return false;
}

static void write_request(FILE *out, const struct findings *f, const struct cause *first)
{
	char line[LINE_MAX_TICKET];
	fprintf(out, "To: %s\nSubject: Reverse DNS for %s\n\nHello,\n\nfor my mail server, please change:\n\n",
		first->who_name, first->address);
	for (size_t i = 0; i < f->causes.count; i++) {
		const struct cause *c = &f->causes.items[i];
		char key[64];
		if (!cause_for_ticket(c) || strcmp(c->who_name, first->who_name) != 0)
			continue;
		snprintf(key, sizeof key, "ticket.%s", c->kind);
		cause_words(c, key, line, sizeof line);
		fprintf(out, "- %s\n", line);
		if (strcmp(c->kind, "ptr-set") == 0 && strchr(c->new_value, '.') && !strchr(c->new_value, ' ')) {
			cause_words(c, forward_later(&f->causes, c) ? "ticket.forward-later" : "ticket.forward-ready", line,
				    sizeof line);
			fprintf(out, "  %s\n", line);
		}
	}
	fprintf(out, "\nWhy: %s\n\nThank you.\n", first->why);
}

static void write_ticket(FILE *out, const void *ctx)
{
	const struct report_input *in = ctx;
	const struct cause *first = first_ticket(&in->findings->causes);
	if (first) {
		write_request(out, in->findings, first);
		return;
	}
	char next[3 * CAUSE_TEXT_MAX + 400];
	advice_next_step(in, next, sizeof next);
	fprintf(out, "No request to send: neither your provider nor a zone's operator has anything to change for %s.\n"
		     "Next: %s\n", in->findings->ip.text, next);
}

char *report_ticket(const struct report_input *in, bool *request)
{
	*request = first_ticket(&in->findings->causes) != NULL;
	return render_string(write_ticket, in);
}
