/* json - the one JSON writer of `check --json` and `explain --json`. */
#include "json.h"

#include "names.h"

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
