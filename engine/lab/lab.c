/* lab - scenario files: reading, checking and finding them (answering
 * is lab_answer.c). */
#define _POSIX_C_SOURCE 200809L
#include "lab.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/help.h"
#include "lab_scenario.h"
#include "util/textfile.h"
#include "util/names.h"

#define LATENCY_MAX_MS 60000
#define FILE_MAX (1024 * 1024)

static const char *const known_keys[] = {
	"title", "ip", "helo", "provider", "expect", "lesson", "fixed",
	"servfail", "timeout", "latency", "server", "differs", "cache", "bogus",
};

void lab_scenario_free(struct lab_scenario *sc)
{
	if (!sc)
		return;
	ldns_rr_list_deep_free(sc->records);
	ldns_rr_list_free(sc->soas); /* borrowed from records */
	for (size_t i = 0; i < sc->servfail_count; i++)
		ldns_rdf_deep_free(sc->servfail[i]);
	for (size_t i = 0; i < sc->timeout_count; i++)
		ldns_rdf_deep_free(sc->timeout[i]);
	for (size_t i = 0; i < sc->bogus_count; i++)
		ldns_rdf_deep_free(sc->bogus[i]);
	for (size_t i = 0; i < sc->header_count; i++) {
		free(sc->header[i].key);
		free(sc->header[i].value);
	}
	lab_servers_free(sc);
	free(sc);
}

/* errors - accumulates "source:line: message" lines. */
struct errors {
	char *buf;
	size_t size, used;
	const char *source;
	int count;
};

static void error_at(struct errors *e, int line, const char *fmt, ...)
{
	e->count++;
	if (!e->buf || e->used + 1 >= e->size)
		return;
	int n = snprintf(e->buf + e->used, e->size - e->used, "%s%s:%d: ", e->used ? "\n" : "",
			 e->source, line);
	if (n > 0)
		e->used += (size_t)n < e->size - e->used ? (size_t)n : e->size - e->used - 1;
	va_list ap;
	va_start(ap, fmt);
	n = vsnprintf(e->buf + e->used, e->size - e->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->used += (size_t)n < e->size - e->used ? (size_t)n : e->size - e->used - 1;
}

static bool is_known_key(const char *key)
{
	for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
		if (strcmp(key, known_keys[i]) == 0)
			return true;
	return false;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

static bool add_fault_name(ldns_rdf **names, size_t *count, const char *value)
{
	if (*count == FAULTS_MAX)
		return false;
	ldns_rdf *name = ldns_dname_new_frm_str(value);
	if (!name)
		return false;
	names[(*count)++] = name;
	return true;
}

/* header_value - apply one `; key: value` line. Lesson lines may repeat and
 * are joined, so a lesson can span several comment lines. */
static void header_value(struct lab_scenario *sc, struct errors *e, int line, const char *key,
			 const char *value)
{
	if (strcmp(key, "servfail") == 0) {
		if (!add_fault_name(sc->servfail, &sc->servfail_count, value))
			error_at(e, line, "servfail: \"%s\" is not a domain name (or too many faults)", value);
		return;
	}
	if (strcmp(key, "bogus") == 0) { /* ZONE [EDE code]: DNSSEC that fails validation */
		char zone[256];
		int code = 6, used = 0;
		size_t before = sc->bogus_count;
		if (sscanf(value, "%255s %n", zone, &used) != 1 || (value[used] && sscanf(value + used, "%d", &code) != 1) ||
		    code < 0 || code > 65535 || !add_fault_name(sc->bogus, &sc->bogus_count, zone))
			error_at(e, line, "bogus: expected a zone and an Extended DNS Error code (7: signatures "
					  "expired), got \"%s\"", value);
		else
			sc->bogus_ede[before] = code;
		return;
	}
	if (strcmp(key, "timeout") == 0) {
		if (!add_fault_name(sc->timeout, &sc->timeout_count, value))
			error_at(e, line, "timeout: \"%s\" is not a domain name (or too many faults)", value);
		return;
	}
	if (strcmp(key, "server") == 0 || strcmp(key, "differs") == 0 || strcmp(key, "cache") == 0) {
		char why[300];
		if (!lab_servers_parse(sc, key, value, why, sizeof why))
			error_at(e, line, "%s", why);
		return;
	}
	if (strcmp(key, "latency") == 0) {
		char *end;
		long ms = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || ms < 0 || ms > LATENCY_MAX_MS)
			error_at(e, line, "latency: expected milliseconds from 0 to %d, got \"%s\"",
				 LATENCY_MAX_MS, value);
		else
			sc->latency_ms = (int)ms;
		return;
	}
	if (strcmp(key, "ip") == 0) {
		struct ip_address ip;
		enum names_status st = names_parse_ip(value, &ip);
		if (st != NAMES_OK)
			error_at(e, line, "ip: \"%s\": %s", value, names_status_message(st));
	}
	for (size_t i = 0; i < sc->header_count; i++) {
		if (strcmp(sc->header[i].key, key) != 0)
			continue;
		size_t len = strlen(sc->header[i].value) + strlen(value) + 2;
		char *joined = malloc(len);
		if (!joined)
			return;
		snprintf(joined, len, "%s %s", sc->header[i].value, value);
		free(sc->header[i].value);
		sc->header[i].value = joined;
		return;
	}
	if (sc->header_count == HEADER_MAX)
		return;
	sc->header[sc->header_count].key = strdup(key);
	sc->header[sc->header_count].value = strdup(value);
	sc->header_count++;
}

/* parse_header - the `; key: value` comments, wherever they are. */
static void parse_header(struct lab_scenario *sc, const char *text, struct errors *e)
{
	int line = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		line++;
		char buf[1024];
		if (len < sizeof buf) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			char *s = trim(buf);
			char *colon = strchr(s, ':');
			if (s[0] == ';' && colon) {
				*colon = '\0';
				char *key = trim(s + 1);
				if (is_known_key(key))
					header_value(sc, e, line, key, trim(colon + 1));
			}
		}
		p += len + (nl ? 1 : 0);
	}
}

/* parse_records - every record through ldns's own reader. */
static void parse_records(struct lab_scenario *sc, const char *text, struct errors *e)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	if (!fp) {
		error_at(e, 0, "cannot read the text: %s", strerror(errno));
		return;
	}
	uint32_t ttl = 3600;
	ldns_rdf *origin = ldns_dname_new_frm_str(".");
	ldns_rdf *prev = NULL;
	int line = 1;
	while (!feof(fp)) {
		ldns_rr *rr = NULL;
		int before = line;
		ldns_status st = ldns_rr_new_frm_fp_l(&rr, fp, &ttl, &origin, &prev, &line);
		if (st == LDNS_STATUS_OK) {
			ldns_rr_list_push_rr(sc->records, rr);
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA)
				ldns_rr_list_push_rr(sc->soas, rr);
		} else if (st != LDNS_STATUS_SYNTAX_EMPTY && st != LDNS_STATUS_SYNTAX_TTL &&
			   st != LDNS_STATUS_SYNTAX_ORIGIN && st != LDNS_STATUS_SYNTAX_INCLUDE) {
			error_at(e, before, "%s", ldns_get_errorstr_by_id(st));
		}
	}
	ldns_rdf_deep_free(origin);
	ldns_rdf_deep_free(prev);
	fclose(fp);
	if (ldns_rr_list_rr_count(sc->soas) == 0 && ldns_rr_list_rr_count(sc->records) > 0)
		error_at(e, 1, "no SOA record: every zone in a scenario starts with its SOA");
}

bool lab_scenario_parse(const char *text, const char *source, struct lab_scenario **out,
			char *err, size_t errsize)
{
	struct errors e = {err, errsize, 0, source ? source : "scenario", 0};
	if (err && errsize)
		err[0] = '\0';
	*out = NULL;
	struct lab_scenario *sc = calloc(1, sizeof *sc);
	if (!sc || !(sc->records = ldns_rr_list_new()) || !(sc->soas = ldns_rr_list_new())) {
		error_at(&e, 0, "out of memory");
		lab_scenario_free(sc);
		return false;
	}
	parse_header(sc, text, &e);
	parse_records(sc, text, &e);
	if (e.count > 0) {
		lab_scenario_free(sc);
		return false;
	}
	*out = sc;
	return true;
}

bool lab_scenario_load(const char *path, struct lab_scenario **out, char *err, size_t errsize)
{
	char *text;
	*out = NULL;
	if (!textfile_read(path, FILE_MAX, &text, err, errsize))
		return false;
	bool ok = lab_scenario_parse(text, path, out, err, errsize);
	free(text);
	return ok;
}

const char *lab_scenario_get(const struct lab_scenario *sc, const char *key)
{
	for (size_t i = 0; i < sc->header_count; i++)
		if (strcmp(sc->header[i].key, key) == 0)
			return sc->header[i].value;
	return NULL;
}

int lab_scenario_latency_ms(const struct lab_scenario *sc)
{
	return sc->latency_ms;
}

#define BUILTIN_PREFIX "lab/"
#define BUILTIN_SUFFIX ".zone"
#define FIXED_SUFFIX ".fixed.zone"

/* builtin_path - "lab/NAME.zone" for a built-in name, else false. */
static bool builtin_path(const char *name, const char *suffix, char *path, size_t size)
{
	if (strchr(name, '/') || names_ends_with(name, BUILTIN_SUFFIX))
		return false;
	snprintf(path, size, BUILTIN_PREFIX "%s%s", name, suffix);
	return help_text(path) != NULL;
}

bool lab_scenario_open(const char *name_or_path, struct lab_scenario **out, char *err, size_t errsize)
{
	char path[300];
	if (builtin_path(name_or_path, BUILTIN_SUFFIX, path, sizeof path))
		return lab_scenario_parse(help_text(path), path, out, err, errsize);
	return lab_scenario_load(name_or_path, out, err, errsize);
}

bool lab_fixed_open(const char *name_or_path, struct lab_scenario **out, char *err, size_t errsize)
{
	char path[1100];
	*out = NULL;
	if (builtin_path(name_or_path, FIXED_SUFFIX, path, sizeof path))
		return lab_scenario_parse(help_text(path), path, out, err, errsize);
	size_t len = strlen(name_or_path);
	if (!names_ends_with(name_or_path, BUILTIN_SUFFIX) || len + 7 >= sizeof path) {
		snprintf(err, errsize, "%s has no fixed version", name_or_path);
		return false;
	}
	snprintf(path, sizeof path, "%.*s" FIXED_SUFFIX, (int)(len - strlen(BUILTIN_SUFFIX)), name_or_path);
	FILE *probe = fopen(path, "r");
	if (!probe) {
		snprintf(err, errsize, "%s has no fixed version (%s)", name_or_path, path);
		return false;
	}
	fclose(probe);
	return lab_scenario_load(path, out, err, errsize);
}

static bool is_builtin_file(const char *path)
{
	return strncmp(path, BUILTIN_PREFIX, strlen(BUILTIN_PREFIX)) == 0 && names_ends_with(path, BUILTIN_SUFFIX) &&
	       !names_ends_with(path, FIXED_SUFFIX);
}

size_t lab_builtin_count(void)
{
	size_t n = 0;
	for (unsigned i = 0; i < help_file_count; i++)
		n += is_builtin_file(help_files[i].path);
	return n;
}

const char *lab_builtin_name(size_t index)
{
	static char names[64][64];
	for (unsigned i = 0, n = 0; i < help_file_count; i++) {
		if (!is_builtin_file(help_files[i].path))
			continue;
		if (n++ != index)
			continue;
		if (index >= 64)
			return NULL;
		const char *base = help_files[i].path + strlen(BUILTIN_PREFIX);
		snprintf(names[index], sizeof names[index], "%.*s", (int)(strlen(base) - strlen(BUILTIN_SUFFIX)), base);
		return names[index];
	}
	return NULL;
}
