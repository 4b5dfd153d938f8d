/* prediction - what one receiver answers. */
#include "prediction.h"

#include <string.h>

const char *receiver_verdict_name(enum receiver_verdict verdict)
{
	switch (verdict) {
	case VERDICT_PASS: return "pass";
	case VERDICT_REJECT: return "reject";
	case VERDICT_EITHER: return "either";
	case VERDICT_DEFER: return "defer";
	case VERDICT_POINTS: return "points";
	case VERDICT_WARN: return "warn";
	}
	return "?";
}

const struct prediction *predictions_find(const struct predictions *p, const char *receiver, const char *check)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].receiver, receiver) == 0 && strcmp(p->items[i].check, check) == 0)
			return &p->items[i];
	return NULL;
}
