/* advice - the next step and the causes, in words. */
#define _POSIX_C_SOURCE 200809L
#include "advice.h"

#include <stdio.h>
#include <string.h>

void advice_next_step(const struct report_input *in, char *buf, size_t size)
{
	const struct findings *f = in->findings;
	if (f->causes.count > 0)
		snprintf(buf, size, "%s", f->causes.items[0].text);
	else if (f->headline.verdict == RULE_PASS)
		snprintf(buf, size, "Nothing to do: %s.", f->headline.text);
	else /* a receiver objects to something no rule names: its reply says what */
		snprintf(buf, size, "No change that ptrdoctor can name: %s. Each receiver's reply above says what it objects to.",
			 f->headline.text);
}

void advice_cause_line(const struct cause *c, char *buf, size_t size)
{
	char rules[200] = "";
	for (int id = 0; id < RULE_COUNT; id++)
		if (c->rules & (1u << id)) {
			size_t used = strlen(rules);
			snprintf(rules + used, sizeof rules - used, "%s%s", used ? " " : "", rule_id_name((enum rule_id)id));
		}
	char values[2 * CAUSE_TEXT_MAX + 16] = "";
	if (c->old_value[0] || c->new_value[0])
		snprintf(values, sizeof values, ": %s -> %s", c->old_value[0] ? c->old_value : "none",
			 c->new_value[0] ? c->new_value : "none");
	snprintf(buf, size, "%s: %s%s%s%s%s%s [%s]", c->who_name, cause_action_name(c->action), c->type[0] ? " " : "", c->type,
		 c->record[0] ? " " : "", c->record, values, rules);
}
