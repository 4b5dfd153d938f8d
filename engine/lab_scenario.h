/* lab_scenario - the inside of a parsed lab scenario, shared by the two
 * halves of the lab module only: lab.c reads scenarios, lab_answer.c
 * answers from them. Everything else sees struct lab_scenario as opaque
 * (lab.h). */
#ifndef PTRDOCTOR_LAB_SCENARIO_H
#define PTRDOCTOR_LAB_SCENARIO_H

#include <ldns/ldns.h>
#include <stddef.h>

#define FAULTS_MAX 32 /* names per fault (servfail, timeout) */
#define HEADER_MAX 16 /* header lines */

struct header_entry {
	char *key;
	char *value;
};

struct lab_scenario {
	ldns_rr_list *records;   /* every record of every zone */
	ldns_rr_list *soas;      /* the SOA records: one per zone */
	ldns_rdf *servfail[FAULTS_MAX];
	size_t servfail_count;
	ldns_rdf *timeout[FAULTS_MAX];
	size_t timeout_count;
	int latency_ms;
	struct header_entry header[HEADER_MAX];
	size_t header_count;
};

#endif
