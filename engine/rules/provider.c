/* provider - the hosting providers ptrdoctor knows, from help/providers.txt. */
#define _POSIX_C_SOURCE 200809L
#include "provider.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "diagnosis/evidence.h"
#include "util/help.h"
#include "util/names.h"

#define PROVIDERS_MAX 48
#define FINGERPRINTS_MAX 96

enum where { WHERE_PTR, WHERE_LABEL, WHERE_NS, WHERE_RNAME, WHERE_FORM };

struct fingerprint {
	char id[32];
	enum where where;
	char pattern[64];
};

static struct fingerprint fingerprints[FINGERPRINTS_MAX];
static size_t fingerprint_count;

static struct provider providers[PROVIDERS_MAX];
static size_t count;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

/* field - the next '|'-separated field of *p, trimmed, into buf. */
static void field(const char **p, char *buf, size_t size)
{
	const char *end = strchr(*p, '|');
	size_t len = end ? (size_t)(end - *p) : strlen(*p);
	while (len > 0 && isspace((unsigned char)**p)) {
		(*p)++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)(*p)[len - 1]))
		len--;
	snprintf(buf, size, "%.*s", (int)len, *p);
	*p = end ? end + 1 : *p + strlen(*p);
}

static bool where_from(const char *word, enum where *out)
{
	static const char *const words[] = {"ptr", "label", "ns", "rname", "form"};
	for (int i = 0; i < 5; i++)
		if (strcmp(word, words[i]) == 0) {
			*out = (enum where)i;
			return true;
		}
	return false;
}

/* next_record - the next data line of a '|'-separated table (comments and
 * blank lines skipped) into line; false at the end. */
static bool next_record(const char **text, char *line, size_t size)
{
	while (*text && **text) {
		const char *nl = strchr(*text, '\n');
		size_t len = nl ? (size_t)(nl - *text) : strlen(*text);
		snprintf(line, size, "%.*s", (int)len, *text);
		*text += len + (nl ? 1 : 0);
		if (line[0] != '#' && strchr(line, '|'))
			return true;
	}
	return false;
}

static void load_fingerprints(void)
{
	const char *text = help_text("provider-fingerprints.txt");
	char line[200], where[16];
	while (fingerprint_count < FINGERPRINTS_MAX && next_record(&text, line, sizeof line)) {
		const char *p = line;
		struct fingerprint *f = &fingerprints[fingerprint_count];
		field(&p, f->id, sizeof f->id);
		field(&p, where, sizeof where);
		field(&p, f->pattern, sizeof f->pattern);
		if (f->id[0] && f->pattern[0] && where_from(where, &f->where))
			fingerprint_count++;
	}
}

static void load(void)
{
	load_fingerprints();
	const char *text = help_text("providers.txt");
	char line[400];
	while (count < PROVIDERS_MAX && next_record(&text, line, sizeof line)) {
		const char *p = line;
		struct provider *pv = &providers[count];
		field(&p, pv->id, sizeof pv->id);
		field(&p, pv->name, sizeof pv->name);
		field(&p, pv->where, sizeof pv->where);
		if (pv->id[0])
			count++;
	}
}

size_t provider_count(void)
{
	pthread_once(&loaded, load);
	return count;
}

const struct provider *provider_at(size_t index)
{
	return index < provider_count() ? &providers[index] : NULL;
}

const struct provider *provider_find(const char *id)
{
	for (size_t i = 0; id && i < provider_count(); i++)
		if (strcmp(providers[i].id, id) == 0)
			return &providers[i];
	return NULL;
}

/* bare - a name lower-cased without its trailing dot. */
static void bare(const char *name, char *out, size_t size)
{
	names_strip_dot(name, out, size);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* label_matches - a glob where '#' is 1 to 3 digits and the rest literal. */
static bool label_matches(const char *label, size_t len, const char *pattern)
{
	size_t i = 0;
	for (const char *p = pattern; *p; p++) {
		if (*p == '#') {
			size_t digits = 0;
			while (i < len && digits < 3 && isdigit((unsigned char)label[i])) {
				i++;
				digits++;
			}
			if (digits == 0)
				return false;
		} else if (i >= len || label[i++] != *p) {
			return false;
		}
	}
	return i == len;
}

/* form_matches - the whole name against a pattern where '#' is one or
 * more digits and the rest literal. */
static bool form_matches(const char *name, const char *pattern)
{
	for (const char *p = pattern; *p; p++) {
		if (*p != '#') {
			if (*name++ != *p)
				return false;
			continue;
		}
		if (!isdigit((unsigned char)*name))
			return false;
		while (isdigit((unsigned char)*name))
			name++;
	}
	return *name == '\0';
}

static bool name_matches(const char *name, const struct fingerprint *f)
{
	char b[EVIDENCE_NAME_MAX];
	bare(name, b, sizeof b);
	if (f->where == WHERE_FORM)
		return form_matches(b, f->pattern);
	if (f->where != WHERE_LABEL)
		return names_ends_with(b, f->pattern) || strcmp(b, f->pattern + (f->pattern[0] == '.')) == 0;
	for (const char *p = b; *p;) {
		size_t len = strcspn(p, ".");
		if (label_matches(p, len, f->pattern))
			return true;
		p += len + (p[len] == '.');
	}
	return false;
}

/* zone_match - the first reverse-zone server (or contact) matching f. */
static const char *zone_match(const struct evidence *ev, const struct fingerprint *f)
{
	if (f->where == WHERE_RNAME)
		return ev->zone_rname[0] && name_matches(ev->zone_rname, f) ? ev->zone_rname : NULL;
	if (ev->zone_primary[0] && name_matches(ev->zone_primary, f))
		return ev->zone_primary;
	for (size_t i = 0; i < ev->zone_ns_count; i++)
		if (name_matches(ev->zone_ns[i], f))
			return ev->zone_ns[i];
	return NULL;
}

static void check_registry(const struct evidence *ev, const char *ip, struct provider_guess *out)
{
	for (size_t i = 0; i < fingerprint_count; i++) {
		const struct fingerprint *f = &fingerprints[i];
		const char *server = strcmp(f->id, "registry") == 0 ? zone_match(ev, f) : NULL;
		if (!server)
			continue;
		out->registry = true;
		snprintf(out->registry_note, sizeof out->registry_note,
			 "The reverse zone %s is served by the regional registry (%s): no reverse zone is delegated for "
			 "%s, so only the holder of the IP block can have its PTR created",
			 ev->zone, server, ip);
		return;
	}
}

bool provider_detect(const struct evidence *ev, const char *ip, struct provider_guess *out)
{
	memset(out, 0, sizeof *out);
	out->source = "none";
	provider_count();
	check_registry(ev, ip, out);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < fingerprint_count; i++) {
			const struct fingerprint *f = &fingerprints[i];
			const struct provider *p = provider_find(f->id);
			if (!p)
				continue;
			if (pass == 0 && (f->where == WHERE_PTR || f->where == WHERE_LABEL || f->where == WHERE_FORM)) {
				for (size_t t = 0; t < ev->target_count; t++) {
					if (!name_matches(ev->targets[t].name, f))
						continue;
					out->provider = p;
					out->source = "ptr";
					snprintf(out->evidence, sizeof out->evidence, "the PTR name %s follows the naming of %s", ev->targets[t].name,
						 p->name);
					return true;
				}
			} else if (pass == 1 && (f->where == WHERE_NS || f->where == WHERE_RNAME)) {
				const char *server = zone_match(ev, f);
				if (!server)
					continue;
				out->provider = p;
				out->source = "zone";
				snprintf(out->evidence, sizeof out->evidence, "the reverse zone %s is served by %s (%s)", ev->zone,
					 server, p->name);
				return true;
			}
		}
	}
	return false;
}

const struct provider *provider_default_name(const char *name)
{
	provider_count();
	for (size_t i = 0; i < fingerprint_count; i++) {
		const struct fingerprint *f = &fingerprints[i];
		if ((f->where == WHERE_PTR || f->where == WHERE_LABEL || f->where == WHERE_FORM) && strcmp(f->id, "hosted") != 0 &&
		    name_matches(name, f))
			return provider_find(f->id);
	}
	return NULL;
}

bool provider_next(const struct provider *p, const char *ip, const char *name, char *buf, size_t size)
{
	char path[64], template[1024];
	snprintf(path, sizeof path, "providers/%s.txt", p->id);
	help_section(help_text(path), "Next:", template, sizeof template);
	if (!template[0])
		return false;
	const char *keys[] = {"IP", "NAME"};
	const char *values[] = {ip, name};
	help_expand(template, keys, values, 2, buf, size);
	return true;
}
