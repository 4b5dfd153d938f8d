/* lab_servers - a scenario's authoritative servers and resolver cache:
 * the `server`, `differs` and `cache` header lines. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab.h"
#include "lab_scenario.h"
#include "util/names.h"

#define WORDS_MAX (LAB_SERVER_ZONES_MAX + 2)

/* split - value into space separated words (modifies buf). */
static size_t split(char *buf, char **words, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *w = strtok_r(buf, " \t", &save); w && n < max; w = strtok_r(NULL, " \t", &save))
		words[n++] = w;
	return n;
}

static struct lab_server *server_at(struct lab_scenario *sc, const char *address)
{
	for (size_t i = 0; i < sc->server_count; i++)
		if (strcmp(sc->servers[i].address, address) == 0)
			return &sc->servers[i];
	return NULL;
}

/* parse_server - `NAME ADDRESS ZONE...` */
static bool parse_server(struct lab_scenario *sc, char *value, char *why, size_t size)
{
	char *w[WORDS_MAX + 1];
	size_t n = split(value, w, WORDS_MAX + 1);
	struct ip_address ip;
	if (n < 2 || n > WORDS_MAX) {
		snprintf(why, size, "server: expected NAME ADDRESS ZONE... (at most %d zones)", LAB_SERVER_ZONES_MAX);
		return false;
	}
	if (!names_valid_hostname(w[0], true) || names_parse_ip(w[1], &ip) != NAMES_OK) {
		snprintf(why, size, "server: \"%s %s\" is not a host name and an IP address", w[0], w[1]);
		return false;
	}
	if (sc->server_count == LAB_SERVERS_MAX || server_at(sc, ip.text)) {
		snprintf(why, size, "server: %s declared twice, or more than %d servers", ip.text, LAB_SERVERS_MAX);
		return false;
	}
	struct lab_server *s = &sc->servers[sc->server_count++];
	size_t len = strlen(w[0]);
	s->name = malloc(len + 2);
	if (s->name) /* fully qualified, as a record names it */
		snprintf(s->name, len + 2, "%s%s", w[0], w[0][len - 1] == '.' ? "" : ".");
	s->address = strdup(ip.text);
	for (size_t i = 2; i < n; i++) {
		if (!(s->zones[s->zone_count] = ldns_dname_new_frm_str(w[i]))) {
			snprintf(why, size, "server: zone \"%s\" is not a domain name", w[i]);
			return false;
		}
		s->zone_count++;
	}
	return s->name && s->address;
}

/* parse_differs - `ADDRESS RECORD` */
static bool parse_differs(struct lab_scenario *sc, char *value, char *why, size_t size)
{
	char *space = strpbrk(value, " \t");
	struct ip_address ip;
	if (!space) {
		snprintf(why, size, "differs: expected ADDRESS RECORD");
		return false;
	}
	*space = '\0';
	struct lab_server *s = names_parse_ip(value, &ip) == NAMES_OK ? server_at(sc, ip.text) : NULL;
	ldns_rr *rr = NULL;
	if (!s) {
		snprintf(why, size, "differs: %s is not a server declared above", value);
		return false;
	}
	if (ldns_rr_new_frm_str(&rr, space + 1, 3600, NULL, NULL) != LDNS_STATUS_OK) {
		snprintf(why, size, "differs: not a record (owner names end with a dot): %s", space + 1);
		return false;
	}
	if (!s->differs)
		s->differs = ldns_rr_list_new();
	if (!s->differs || !ldns_rr_list_push_rr(s->differs, rr)) {
		ldns_rr_free(rr);
		snprintf(why, size, "out of memory");
		return false;
	}
	return true;
}

/* parse_negative_cache - `NAME TYPE nxdomain SECONDS` */
static bool parse_negative_cache(struct lab_cache_entry *c, char *value, char *why, size_t size)
{
	char *w[5];
	char *end = NULL;
	if (split(value, w, 5) != 4 || strcasecmp(w[2], "nxdomain") != 0)
		return false;
	long ttl = strtol(w[3], &end, 10);
	c->name = ldns_dname_new_frm_str(w[0]);
	c->type = ldns_get_rr_type_by_name(w[1]);
	if (!c->name || c->type == 0 || *end != '\0' || ttl < 0 || ttl > 604800) {
		snprintf(why, size, "cache: expected NAME TYPE nxdomain SECONDS");
		return false;
	}
	c->nxdomain = true;
	c->ttl_left = (uint32_t)ttl;
	return true;
}

static bool parse_cache(struct lab_scenario *sc, char *value, char *why, size_t size)
{
	if (sc->cache_count == LAB_CACHE_MAX) {
		snprintf(why, size, "cache: at most %d entries", LAB_CACHE_MAX);
		return false;
	}
	struct lab_cache_entry *c = &sc->cache[sc->cache_count];
	char copy[1024];
	snprintf(copy, sizeof copy, "%s", value);
	if (strstr(value, "nxdomain")) {
		if (parse_negative_cache(c, copy, why, size)) {
			sc->cache_count++;
			return true;
		}
		/* nothing of a bad line stays: counted, its name would later be
		 * taken for a positive RRset without records */
		ldns_rdf_deep_free(c->name);
		*c = (struct lab_cache_entry){0};
		if (!why[0])
			snprintf(why, size, "cache: expected NAME TYPE nxdomain SECONDS");
		return false;
	}
	ldns_rr *rr = NULL;
	if (ldns_rr_new_frm_str(&rr, value, 3600, NULL, NULL) != LDNS_STATUS_OK) {
		snprintf(why, size, "cache: not a record (owner names end with a dot): %s", value);
		return false;
	}
	for (size_t i = 0; i < sc->cache_count; i++) {
		struct lab_cache_entry *same = &sc->cache[i];
		if (!same->nxdomain && same->records && same->type == ldns_rr_get_type(rr) &&
		    ldns_dname_compare(same->name, ldns_rr_owner(rr)) == 0) { /* one more record of a cached RRset */
			ldns_rr_list_push_rr(same->records, rr);
			return true;
		}
	}
	c->name = ldns_rdf_clone(ldns_rr_owner(rr));
	c->type = ldns_rr_get_type(rr);
	c->ttl_left = ldns_rr_ttl(rr);
	c->records = ldns_rr_list_new();
	sc->cache_count++;
	if (!c->name || !c->records || !ldns_rr_list_push_rr(c->records, rr)) {
		ldns_rr_free(rr);
		snprintf(why, size, "out of memory");
		return false;
	}
	return true;
}

bool lab_servers_parse(struct lab_scenario *sc, const char *key, const char *value, char *why, size_t size)
{
	char buf[1024];
	why[0] = '\0';
	snprintf(buf, sizeof buf, "%s", value);
	if (strcmp(key, "server") == 0)
		return parse_server(sc, buf, why, size);
	if (strcmp(key, "differs") == 0)
		return parse_differs(sc, buf, why, size);
	return parse_cache(sc, buf, why, size);
}

const struct lab_cache_entry *lab_cache_find(const struct lab_scenario *sc, const ldns_rdf *name, ldns_rr_type type)
{
	for (size_t i = 0; i < sc->cache_count; i++)
		if (sc->cache[i].type == type && ldns_dname_compare(sc->cache[i].name, name) == 0)
			return &sc->cache[i];
	return NULL;
}

void lab_servers_free(struct lab_scenario *sc)
{
	for (size_t i = 0; i < sc->server_count; i++) {
		struct lab_server *s = &sc->servers[i];
		free(s->name);
		free(s->address);
		for (size_t k = 0; k < s->zone_count; k++)
			ldns_rdf_deep_free(s->zones[k]);
		ldns_rr_list_deep_free(s->differs);
	}
	for (size_t i = 0; i < sc->cache_count; i++) {
		ldns_rdf_deep_free(sc->cache[i].name);
		ldns_rr_list_deep_free(sc->cache[i].records);
	}
}

bool lab_scenario_has_servers(const struct lab_scenario *sc)
{
	return sc->server_count > 0;
}

char *lab_scenario_root_hints(const struct lab_scenario *sc)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	ldns_rdf *root = ldns_dname_new_frm_str(".");
	if (!out || !root) {
		if (out)
			fclose(out);
		ldns_rdf_deep_free(root);
		return NULL;
	}
	for (size_t i = 0; i < sc->server_count; i++)
		for (size_t k = 0; k < sc->servers[i].zone_count; k++)
			if (ldns_dname_compare(sc->servers[i].zones[k], root) == 0)
				fprintf(out, ". 3600000 NS %s\n%s 3600000 %s %s\n", sc->servers[i].name,
					sc->servers[i].name, strchr(sc->servers[i].address, ':') ? "AAAA" : "A",
					sc->servers[i].address);
	ldns_rdf_deep_free(root);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
