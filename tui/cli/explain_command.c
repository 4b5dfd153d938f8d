/* explain_command - `ptrdoctor explain [FILE|-]`. */
#define _POSIX_C_SOURCE 200809L
#include "explain_command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce/bounce.h"
#include "report/report.h"
#include "util/names.h"

#define INPUT_MAX (1024 * 1024)

static const char *source_name(enum bounce_source s)
{
	static const char *const names[] = {[BOUNCE_REPLY] = "reply", [BOUNCE_LOG] = "log line",
					    [BOUNCE_RECEIVED] = "Received header", [BOUNCE_DSN] = "DSN field"};
	return names[s];
}

/* field - one member; an empty value is null, as for a missing one. */
static void field(const char *key, const char *value, bool comma)
{
	json_field(stdout, key, value && *value ? value : NULL, !comma);
}

static void print_repairs_json(const struct bounce_result *r)
{
	fputs(",\"repaired\":[", stdout);
	for (size_t i = 0; i < r->repair_count; i++) {
		if (i)
			putchar(',');
		json_string(stdout, r->repairs[i]);
	}
	putchar(']');
}

static void print_json(const struct bounce_result *r)
{
	fputs("{\"findings\":[", stdout);
	for (size_t i = 0; i < r->count; i++) {
		const struct bounce_finding *f = &r->findings[i];
		printf("%s{", i ? "," : "");
		field("source", source_name(f->source), false);
		field("writer", f->writer, true);
		field("receiver", f->receiver, true);
		field("receiver_host", f->receiver_host, true);
		field("cause", f->cause, true);
		printf(",\"rdns\":%s,\"by_meaning\":%s", f->rdns ? "true" : "false", f->by_meaning ? "true" : "false");
		field("rule", f->rdns ? f->rule : NULL, true);
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
	field("kind", bounce_kind_name(r->kind), true);
	printf(",\"rdns\":%s", r->rdns ? "true" : "false");
	field("cause", r->cause, true);
	print_repairs_json(r);
	field("ip", r->ip, true);
	field("helo", r->helo, true);
	fputs("}\n", stdout);
}

static void print_finding(const struct bounce_finding *f)
{
	bool unnamed = strcmp(f->receiver, "other") == 0 && f->receiver_host[0];
	if (f->rdns && unnamed)
		printf("%s (%s)", f->receiver_host, source_name(f->source));
	else if (f->rdns)
		printf("%s%s%s (%s)", bounce_receiver_name(f->receiver), f->receiver_host[0] ? " " : "", f->receiver_host,
		       source_name(f->source));
	else
		printf("Not a reverse-DNS problem: %s (%s)", bounce_cause_name(f->cause), source_name(f->source));
	if (f->code)
		printf(": %d%s%s, %s", f->code, f->enhanced[0] ? " " : "", f->enhanced,
		       f->temporary ? "temporary (it will try again)" : "permanent");
	printf("\n  %s%s\n", f->meaning, f->meaning[0] && f->meaning[strlen(f->meaning) - 1] == '.' ? "" : ".");
	if (f->writer)
		printf("  Written by %s.\n", f->writer);
	char line[800] = "";
	size_t used = 0;
	if (f->rdns)
		used += (size_t)snprintf(line + used, sizeof line - used, "   rule: %s%s", f->rule,
					 f->failed ? " (failed)" : "");
	if (f->ip[0] && used < sizeof line)
		used += (size_t)snprintf(line + used, sizeof line - used, "   client IP: %s", f->ip);
	if (f->helo[0] && used < sizeof line)
		snprintf(line + used, sizeof line - used, "   HELO: %s", f->helo);
	if (line[0])
		printf("  %s\n", line + 3);
	if (f->why[0])
		printf("  Why this line: %s.\n", f->why);
}

static void print_text(const struct bounce_result *r)
{
	if (r->repair_count) {
		printf("Repaired before reading:");
		for (size_t i = 0; i < r->repair_count; i++)
			printf("%s %s", i ? ";" : "", r->repairs[i]);
		printf(".\n\n");
	}
	for (size_t i = 0; i < r->count; i++)
		print_finding(&r->findings[i]);
	if (r->dropped)
		printf("\n(%zu more findings not shown: the text holds more than %d)\n", r->dropped, BOUNCE_FINDINGS_MAX);
	if (r->ip && r->rdns)
		printf("\nCheck it: ptrdoctor check %s%s%s\n", r->ip, r->helo ? " --helo " : "", r->helo ? r->helo : "");
	else if (bounce_fcrdns_passed(r))
		printf("\nThat receiver found the name and the address agree. To see what others find: ptrdoctor check "
		       "%s%s%s\n", r->ip, r->helo ? " --helo " : "", r->helo ? r->helo : "");
	else if (r->ip && bounce_received_only(r))
		printf("\nCheck it: ptrdoctor check %s%s%s\n", r->ip, r->helo ? " --helo " : "", r->helo ? r->helo : "");
	else if (!r->rdns)
		printf("\nThis rejection is not about the PTR or the HELO: look at what the finding above names instead.\n");
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

int explain_command_run(const struct options *opts)
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
	if (!found && r.kind == BOUNCE_KIND_REPORT) {
		fprintf(stderr, "ptrdoctor: a feedback report (an abuse or spam complaint), not a refusal: the receiver "
				"accepted the mail, then a user or a filter complained about it. Its Received lines "
				"say nothing of a refusal for your reverse DNS; to check the address anyway, run "
				"ptrdoctor check with it.\n");
		return EXIT_USAGE;
	}
	if (!found && r.kind != BOUNCE_KIND_TEXT) {
		fprintf(stderr, "ptrdoctor: a %s, but explain knows none of its wordings: the receiver's reply in it "
				"(the line with a 4xx or 5xx code) says why in words explain does not read (it reads "
				"reverse-DNS and HELO refusals, and those for SPF, DMARC, blocklists, greylisting and "
				"the mailbox). Its Received lines are its own way to you and the copy of your mail on "
				"its way out: none was written by the receiver that refused it, so they say nothing of "
				"its checks.\n",
			bounce_kind_name(r.kind));
		return EXIT_USAGE;
	}
	if (!found) {
		fprintf(stderr, "ptrdoctor: nothing recognised. explain looks for receivers' reverse-DNS and HELO "
				"refusals (Gmail's 5.7.25, Postfix's \"cannot find your hostname\", Exim, Microsoft, GMX, "
				"any X.7.25 reply, or words for reverse DNS next to a refusal), rejections for SPF, DMARC, "
				"blocklists, greylisting or the mailbox, and Received: header lines.\n");
		return EXIT_USAGE;
	}
	if (opts->json)
		print_json(&r);
	else
		print_text(&r);
	return 0;
}
