/* findings - everything a finished diagnosis yields, in one call.
 *
 * The evidence, the rules and their verdict, the receivers' predictions,
 * the provider (the user's choice, else the one the PTR name or the
 * reverse zone's servers point to) and whether the reverse zone is
 * delegated at all; what to change (causes) and the verdict with its
 * headline, from the receivers. `check`, the wizard, the reports, the fuzzers and the
 * tests all read this one struct, so no two of them can tell a different
 * story about the same lookups. */
#ifndef PTRDOCTOR_FINDINGS_H
#define PTRDOCTOR_FINDINGS_H

#include <stdbool.h>

#include "diagnosis/diagnose.h"
#include "diagnosis/evidence.h"
#include "rules/provider.h"
#include "receivers/receivers.h"
#include "rules/rules.h"
#include "causes.h"
#include "headline.h"

struct findings {
	struct ip_address ip;             /* the address checked (copied) */
	char helo[EVIDENCE_NAME_MAX];     /* the HELO given, or "" */
	struct evidence evidence;
	struct rule_results rules;
	struct predictions predictions;   /* for the address checked */
	struct predictions other_predictions; /* for the server's other addresses */
	struct causes causes;             /* what to change, the next step first */
	struct headline headline;         /* the verdict, from the receivers */
	struct provider_guess guess;      /* what DNS points to, chosen or not */
	const struct provider *provider;  /* the user's choice, else the guess; NULL when neither */
	const char *provider_source;      /* "user", "ptr", "zone" or "none" (static) */
};

/* findings_compute - from a finished diagnosis (borrowed; the findings
 * hold no pointer into it). provider_id is the user's choice, or NULL. */
void findings_compute(const struct diagnosis *d, const char *provider_id, struct findings *out);

/* findings_choose_provider - the user's choice after the fact (NULL: go
 * back to the guess). */
void findings_choose_provider(struct findings *f, const char *provider_id);

/* findings_cause_facts - what causes_find reads, borrowed from f. */
void findings_cause_facts(const struct findings *f, struct cause_facts *out);

/* findings_ptr_name - the name the PTR should carry (causes_ptr_name),
 * or NULL. Borrowed from f. */
const char *findings_ptr_name(const struct findings *f);

/* findings_provider_evidence - why the provider was guessed, or NULL when
 * the user chose it or nothing was found. Borrowed from f. */
const char *findings_provider_evidence(const struct findings *f);

/* findings_registry_note - the reverse zone is the registry's (not
 * delegated): who can fix it; NULL otherwise. Borrowed from f. */
const char *findings_registry_note(const struct findings *f);

#endif
