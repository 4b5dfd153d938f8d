/* findings - everything a finished diagnosis yields, in one call. */
#include "findings.h"

#include <stddef.h>
#include <string.h>

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
}

void findings_compute(const struct diagnosis *d, const char *provider_id, struct findings *out)
{
	evidence_gather(d, &out->evidence);
	rules_evaluate(d, &out->evidence, &out->rules);
	receivers_predict(d, &out->evidence, &out->predictions);
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
