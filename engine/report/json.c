/* json - the one JSON writer of `check --json` and `explain --json`. */
#include "json.h"

#include <string.h>

#include "util/names.h"

#define JSON_TEXT_MAX 4096

void json_string(FILE *out, const char *text)
{
	char safe[JSON_TEXT_MAX];
	if (!text) {
		fputs("null", out);
		return;
	}
	names_escape(text, safe, sizeof safe);
	fputc('"', out);
	for (const char *p = safe; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

void json_key(FILE *out, const char *key, bool first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
}

void json_field(FILE *out, const char *key, const char *text, bool first)
{
	json_key(out, key, first);
	json_string(out, text);
}

void json_words(FILE *out, const char *text)
{
	fputc('[', out);
	const char *p = text;
	for (bool first = true; *p;) {
		size_t n = strcspn(p, " ");
		char word[JSON_TEXT_MAX];
		snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
		fputs(first ? "" : ",", out);
		json_string(out, word);
		first = false;
		p += n + (p[n] == ' ');
	}
	fputc(']', out);
}
