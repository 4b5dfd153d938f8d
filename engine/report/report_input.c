/* report_input - what every writer reads. */
#include "report_input.h"

#include <stddef.h>

const char *report_provider_id(const struct report_input *in)
{
	return in->findings->provider ? in->findings->provider->id : NULL;
}

const char *report_provider_name(const struct report_input *in)
{
	return in->findings->provider ? in->findings->provider->name : NULL;
}
