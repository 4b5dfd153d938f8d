/* step - one DNS question of a diagnosis and what came back.
 *
 * A step is exactly what `dig` would ask: a name, a type, a server. It keeps
 * the whole answer packet so a front end can show it as dig prints it. Steps
 * are owned by the diagnosis that created them; front ends read them through
 * the accessors below and never free them. */
#ifndef PTRDOCTOR_STEP_H
#define PTRDOCTOR_STEP_H

#include <ldns/ldns.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum step_state {
	STEP_PENDING = 0, /* planned, not yet sent */
	STEP_RUNNING,
	STEP_ANSWERED,    /* a DNS reply came back (any rcode) */
	STEP_TIMEOUT,     /* no reply within the timeout, retries included */
	STEP_FAILED,      /* the query could not be sent or the reply was unusable */
	STEP_CANCELLED,
};

/* Why a step was asked; rules look steps up by purpose. */
enum step_purpose {
	PURPOSE_PTR = 0,        /* PTR of the IP's reverse name */
	PURPOSE_REVERSE_SOA,    /* SOA of the reverse name: names the reverse zone */
	PURPOSE_REVERSE_NS,     /* NS of the reverse zone */
	PURPOSE_PTR_FOLLOW,     /* PTR of a CNAME target the resolver did not chase */
	PURPOSE_TARGET_A,       /* A of a PTR target */
	PURPOSE_TARGET_AAAA,    /* AAAA of a PTR target */
	PURPOSE_HELO_A,
	PURPOSE_HELO_AAAA,
	PURPOSE_HELO_MX,
	PURPOSE_HELO_TXT,       /* TXT of the HELO: its SPF record, for SPF's HELO check */
	PURPOSE_OTHER_PTR,      /* PTR of an address of the other family */
	PURPOSE_OTHER_FORWARD,  /* A/AAAA of that address's PTR target */
	/* The authoritative round: who serves a zone, and what each of its
	 * servers says when asked directly. `about` names the zone. */
	PURPOSE_ZONE_SOA,       /* SOA of the PTR name or HELO: names its zone */
	PURPOSE_ZONE_NS,        /* NS of that zone */
	PURPOSE_NS_ADDRESS,     /* A or AAAA of one of a zone's name servers */
	PURPOSE_AUTH_ANSWER,    /* the subject's PTR (or A, AAAA) asked of one server */
	PURPOSE_AUTH_SOA,       /* the zone's SOA asked of one server: its serial */
	/* A resolver's SERVFAIL asked again with DNSSEC checking off (CD):
	 * data then means validation failed, another SERVFAIL a broken zone.
	 * `about` names the purpose of the step that failed. */
	PURPOSE_CHECKING_DISABLED,
};

/* How a step ended, in the terms receivers use. */
enum outcome {
	OUTCOME_FOUND = 0, /* records of the type asked for */
	OUTCOME_NONE,      /* NXDOMAIN or NODATA: a definite "no" */
	OUTCOME_TEMP,      /* SERVFAIL, REFUSED, timeout, CNAME loop...: no decision */
	OUTCOME_MISSING,   /* the question was not asked */
};

struct step {
	enum step_purpose purpose;
	char *qname;            /* question name, presentation format, owned */
	ldns_rr_type qtype;
	char *dig;              /* the equivalent dig command line, owned */
	char *server;           /* who answered ("127.0.0.1#5353"), owned, may be NULL */
	char *about;            /* for OTHER_* steps: the address concerned; for the
				   authoritative round: the zone. Owned, may be NULL */
	char *subject;          /* the authoritative round: the name whose records each
				   server of the zone is asked for. Owned, may be NULL */
	char *target;           /* a server asked directly, recursion off (numeric
				   address), or NULL: the resolver. Owned */
	char *target_name;      /* that server's name (from the NS set), owned, may be NULL */
	uint16_t target_port;
	long long answered_at;  /* wall clock (Unix seconds) when the reply came */
	int index;              /* position in the diagnosis */
	int round;              /* 1 for the first round, parent's round + 1 after */
	enum step_state state;
	ldns_pkt_rcode rcode;   /* valid when state == STEP_ANSWERED */
	ldns_pkt *packet;       /* the whole reply, owned, NULL unless answered */
	long ms;                /* elapsed milliseconds */
	char *error;            /* why a step failed or timed out, owned, may be NULL */
};

/* step_new - a pending step; copies qname, dig and about. NULL on no memory. */
struct step *step_new(enum step_purpose purpose, const char *qname, ldns_rr_type qtype,
		      const char *dig, const char *about);

/* step_set_target - ask a server directly: copies address and name
 * (name may be NULL). false on no memory. */
bool step_set_target(struct step *step, const char *address, const char *name, uint16_t port);

/* step_set_subject - copies subject. false on no memory. */
bool step_set_subject(struct step *step, const char *subject);

/* step_is_authoritative_round - the step belongs to the authoritative
 * round (zone, name servers, servers asked directly), not to the
 * resolver's view a receiver shares. */
bool step_is_authoritative_round(const struct step *step);

/* step_free - frees the step and its packet. NULL is a no-op. */
void step_free(struct step *step);

/* step_ok - answered with NOERROR or NXDOMAIN: the step's data can be trusted. */
bool step_ok(const struct step *step);

/* step_rcode_name - "NOERROR", "NXDOMAIN"..., or "TIMEOUT"/"FAILED"/"PENDING". */
const char *step_rcode_name(const struct step *step);

/* What each purpose is, in one table (step.c): the code, the plan
 * (plan.c), the evidence, the reports and the screens all read it. */
enum dig_form {
	DIG_NAME,    /* dig TYPE NAME */
	DIG_REVERSE, /* dig -x ADDRESS: the IP for PURPOSE_PTR, `about` for PURPOSE_OTHER_PTR */
};

struct purpose_info {
	enum step_purpose purpose;
	const char *name;          /* "ptr", "target-a"... as used in JSON */
	ldns_rr_type type;         /* the type asked; 0: A or AAAA, the other family's */
	const char *question;      /* in plain words: {ip} {name} {about} {type} are filled in */
	const char *question_own;  /* when the type is the IP's own family, or NULL */
	enum dig_form dig;
	bool decisive;             /* the verdict needs its answer ... */
	bool decisive_own_only;    /* ... only when its type is the IP's family */
	const char *next;          /* what its answer leads to, in words */
};

/* step_purpose_info - the row of the table (static). */
const struct purpose_info *step_purpose_info(enum step_purpose purpose);

/* step_purpose_name - "ptr", "target-a"... (static), as used in JSON. */
const char *step_purpose_name(enum step_purpose purpose);

/* step_is_decisive - the verdict needs this step's answer (family: of the
 * IP being checked, AF_INET or AF_INET6). */
bool step_is_decisive(const struct step *step, int family);

/* step_question - what the step asks, in plain words, for the IP ip. */
void step_question(const struct step *step, const char *ip, char *buf, size_t size);

/* step_type_name - "PTR", "A"... (static). */
const char *step_type_name(const struct step *step);

/* step_answers - the answer section's data as `dig +short` prints it, one
 * line per record, in packet order. Returns the number of lines; *lines is
 * an owned array of owned strings (free with step_answers_free). */
size_t step_answers(const struct step *step, char ***lines);
void step_answers_free(char **lines, size_t count);

/* step_record_text - a record's data as dig +short prints it (ldns's
 * escapes), malloc'd; NULL on no memory. */
char *step_record_text(const ldns_rr *rr);

/* step_records - answer records of type `type` whose owner, after following
 * the CNAMEs in the answer from the question name, is the final name.
 * Returns an owned rr_list (ldns_rr_list_deep_free), never NULL. */
ldns_rr_list *step_records(const struct step *step, ldns_rr_type type);

/* step_cname_chain - the CNAME targets crossed from the question name, in
 * order. Owned rr_list of CNAME records (deep free), never NULL. */
ldns_rr_list *step_cname_chain(const struct step *step);

/* step_ede - the first Extended DNS Error of the reply (RFC 8914): its
 * info code, and its extra text escaped for the terminal into text ("" when
 * none). false when the reply carries none, or the step got no reply. */
bool step_ede(const struct step *step, int *code, char *text, size_t size);

/* step_soa - the first SOA record (at least MNAME and RNAME) in the
 * answer (a zone apex), else in the authority section; NULL when none or
 * not answered. Borrowed from the step's packet. */
const ldns_rr *step_soa(const struct step *step);

/* step_soa_from_authority - the SOA step_soa finds is in the authority
 * section: the name asked is no zone apex (or does not exist). */
bool step_soa_from_authority(const struct step *step);

/* step_show_authority - once answered: when an SOA question of the
 * resolver got its SOA in the authority section, which `dig +short` does
 * not print, the step's dig command becomes the one that shows what the
 * step read (+noall +authority). false on no memory (the command stays). */
bool step_show_authority(struct step *step);

/* step_dig_shows_authority - the step's dig command prints the authority
 * section (step_show_authority changed it). */
bool step_dig_shows_authority(const struct step *step);

/* step_authority - the authority section, one record per line as dig
 * prints it (owner, TTL, class, type, data), spaces between the fields;
 * like step_answers. */
size_t step_authority(const struct step *step, char ***lines);

/* step_dig_output - what the step's dig command prints: the authority
 * section's records for a +noall +authority command, else the answers;
 * like step_answers. */
size_t step_dig_output(const struct step *step, char ***lines);

/* step_has_cname_loop - the answer's CNAMEs form a loop. */
bool step_has_cname_loop(const struct step *step);

/* step_outcome - how one step ended, for records of `type`. */
enum outcome step_outcome(const struct step *step, ldns_rr_type type);

/* step_problem - why a step's answer cannot be used ("SERVFAIL",
 * "a CNAME loop", "records of another type"...), or NULL when it can. */
const char *step_problem(const struct step *step);

/* step_outcome_name - "found", "none", "temporary failure", "not asked". */
const char *step_outcome_name(enum outcome outcome);

#endif
