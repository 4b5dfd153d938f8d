/* explain - `ptrdoctor explain [FILE|-]`. */
#define _POSIX_C_SOURCE 200809L
#include "explain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/bounce.h"
#include "../engine/json.h"
#include "../engine/names.h"

#define INPUT_MAX (1024 * 1024)

static const char *source_name(enum bounce_source s)
{
	return s == BOUNCE_RECEIVED ? "Received header" : s == BOUNCE_LOG ? "log line" : "reply";
}

static const char *display(const char *receiver)
{
	static const char *const names[][2] = {{"gmail", "Gmail"},   {"postfix", "Postfix"}, {"exim", "Exim"},
					       {"microsoft", "Microsoft"}, {"sendmail", "Sendmail"}, {"other", "A receiver"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(receiver, names[i][0]) == 0)
			return names[i][1];
	return receiver;
}

/* field - one member; an empty value is null, as for a missing one. */
static void field(const char *key, const char *value, bool comma)
{
	json_field(stdout, key, value && *value ? value : NULL, !comma);
}

static void print_json(const struct bounce_result *r)
{
	fputs("{\"findings\":[", stdout);
	for (size_t i = 0; i < r->count; i++) {
		const struct bounce_finding *f = &r->findings[i];
		printf("%s{", i ? "," : "");
		field("source", source_name(f->source), false);
		field("receiver", f->receiver, true);
		field("rule", rule_id_name(f->rule), true);
		printf(",\"failed\":%s,\"temporary\":%s,\"code\":", f->failed ? "true" : "false", f->temporary ? "true" : "false");
		if (f->code)
			printf("%d", f->code);
		else
			fputs("null", stdout);
		field("enhanced", f->enhanced, true);
		field("ip", f->ip, true);
		field("helo", f->helo, true);
		field("name", f->source == BOUNCE_RECEIVED ? f->name : NULL, true);
		field("meaning", f->meaning, true);
		field("why", f->why, true);
		putchar('}');
	}
	fputs("]", stdout);
	field("ip", r->ip, true);
	field("helo", r->helo, true);
	fputs("}\n", stdout);
}

static void print_text(const struct bounce_result *r)
{
	for (size_t i = 0; i < r->count; i++) {
		const struct bounce_finding *f = &r->findings[i];
		printf("%s (%s)", display(f->receiver), source_name(f->source));
		if (f->code)
			printf(": %d%s%s, %s", f->code, f->enhanced[0] ? " " : "", f->enhanced,
			       f->temporary ? "temporary (it will try again)" : "permanent");
		printf("\n  %s.\n  rule: %s%s", f->meaning, rule_id_name(f->rule), f->failed ? " (failed)" : "");
		if (f->ip[0])
			printf("   client IP: %s", f->ip);
		if (f->helo[0])
			printf("   HELO: %s", f->helo);
		putchar('\n');
		if (f->why[0])
			printf("  Why this line: %s.\n", f->why);
	}
	if (r->dropped)
		printf("\n(%zu more findings not shown: the text holds more than %d)\n", r->dropped, BOUNCE_FINDINGS_MAX);
	if (r->ip)
		printf("\nCheck it: ptrdoctor check %s%s%s\n", r->ip, r->helo ? " --helo " : "", r->helo ? r->helo : "");
}

static char *read_all(const char *path, char *err, size_t errsize)
{
	FILE *in = !path || strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!in) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(INPUT_MAX + 1);
	size_t len = buf ? fread(buf, 1, INPUT_MAX, in) : 0;
	if (in != stdin)
		fclose(in);
	if (!buf) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' '; /* a NUL inside pasted text ends nothing */
	return buf;
}

int explain_run(const struct options *opts)
{
	char err[400];
	char *text = read_all(opts->ip, err, sizeof err);
	if (!text) {
		fprintf(stderr, "ptrdoctor: %s\n", err);
		return EXIT_USAGE;
	}
	struct bounce_result r;
	bool found = bounce_explain(text, &r);
	free(text);
	if (!found) {
		fprintf(stderr, "ptrdoctor: nothing recognised. explain looks for the rejection texts of Gmail "
				"(5.7.25, PTR record), Postfix (cannot find your hostname, Helo command rejected), Exim, "
				"Microsoft (4.7.25, DY-001), any X.7.25 reply, and Received: header lines.\n");
		return EXIT_USAGE;
	}
	if (opts->json)
		print_json(&r);
	else
		print_text(&r);
	return 0;
}
