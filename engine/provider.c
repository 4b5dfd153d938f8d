/* provider - the hosting providers ptrdoctor knows, from help/providers.txt. */
#define _POSIX_C_SOURCE 200809L
#include "provider.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "help.h"

#define PROVIDERS_MAX 48

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

static void load(void)
{
	const char *text = help_text("providers.txt");
	char line[400];
	while (text && *text && count < PROVIDERS_MAX) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		snprintf(line, sizeof line, "%.*s", (int)len, text);
		text += len + (nl ? 1 : 0);
		if (line[0] == '#' || !strchr(line, '|'))
			continue;
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
