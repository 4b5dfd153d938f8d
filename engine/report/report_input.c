/* report_input - what every writer reads. */
#include "report_input.h"

#include <stddef.h>

#include "util/names.h"

const char *report_safe(const char *text, char *buf)
{
	names_escape(text ? text : "", buf, REPORT_SAFE_MAX);
	return buf;
}

const char *report_provider_id(const struct report_input *in)
{
	return in->findings->provider ? in->findings->provider->id : NULL;
}

const char *report_provider_name(const struct report_input *in)
{
	return in->findings->provider ? in->findings->provider->name : NULL;
}

const char *report_mark_symbol(enum mark mark)
{
	switch (mark) {
	case MARK_GOOD: return "+";
	case MARK_BAD: return "x";
	case MARK_ERROR: return "?";
	case MARK_NEUTRAL: break;
	}
	return "-";
}

const char *report_mark_legend(void)
{
	return "+ the answer satisfies the rule it feeds, x it makes a rule fail or warn, ? no usable answer, "
	       "- it decides nothing alone";
}
