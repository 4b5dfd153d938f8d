/* findings - everything a finished diagnosis yields, in one call. */
#include "findings.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

void findings_cause_facts(const struct findings *f, struct cause_facts *out)
{
	*out = (struct cause_facts){
		.ip = &f->ip,
		.helo = f->helo[0] ? f->helo : NULL,
		.ev = &f->evidence,
		.rules = &f->rules,
		.predictions = &f->predictions,
		.other_predictions = &f->other_predictions,
		.provider = f->provider,
	};
}

const char *findings_ptr_name(const struct findings *f)
{
	struct cause_facts facts;
	findings_cause_facts(f, &facts);
	return causes_ptr_name(&facts);
}

/* explain - the causes and the headline, which depend on the provider. */
static void explain(struct findings *f)
{
	struct cause_facts facts;
	findings_cause_facts(f, &facts);
	causes_find(&facts, &f->causes);
	const struct cause *later = NULL;
	for (size_t i = 0; i < f->causes.count && !later; i++)
		if (!f->causes.items[i].refusal)
			later = &f->causes.items[i];
	char trouble[HEADLINE_MAX / 2];
	bool dnssec = f->evidence.ptr_servfail.cause == SERVFAIL_DNSSEC;
	if (dnssec)
		snprintf(trouble, sizeof trouble, "The reverse zone of %s fails DNSSEC validation (its PTR is there)",
			 f->ip.text);
	headline_decide(&f->ip, &f->predictions, &f->other_predictions, &f->rules, later ? later->why : NULL,
			dnssec ? trouble : NULL, &f->headline);
}

void findings_choose_provider(struct findings *f, const char *provider_id)
{
	const struct provider *chosen = provider_id ? provider_find(provider_id) : NULL;
	if (chosen) {
		f->provider = chosen;
		f->provider_source = "user";
	} else {
		f->provider = f->guess.provider;
		f->provider_source = f->guess.provider ? f->guess.source : "none";
	}
	explain(f);
}

void findings_compute(const struct diagnosis *d, const char *provider_id, struct findings *out)
{
	out->ip = *diagnosis_ip(d);
	snprintf(out->helo, sizeof out->helo, "%s", diagnosis_helo(d) ? diagnosis_helo(d) : "");
	evidence_gather(d, &out->evidence);
	rules_evaluate(d, &out->evidence, &out->rules);
	receivers_predict(d, &out->evidence, &out->predictions);
	receivers_predict_others(d, &out->evidence, &out->other_predictions);
	/* also says whether the reverse zone is delegated */
	provider_detect(&out->evidence, diagnosis_ip(d)->text, &out->guess);
	findings_choose_provider(out, provider_id);
}

const char *findings_provider_evidence(const struct findings *f)
{
	bool guessed = f->provider && f->provider == f->guess.provider && strcmp(f->provider_source, "user") != 0;
	return guessed ? f->guess.evidence : NULL;
}

const char *findings_registry_note(const struct findings *f)
{
	return f->guess.registry ? f->guess.registry_note : NULL;
}
