/* report_markdown - a finished diagnosis as a post for a forum or an issue tracker. */
#define _POSIX_C_SOURCE 200809L
#include "report_markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/backend.h"
#include "diagnosis/meaning.h"
#include "receivers/receivers.h"
#include "advice.h"
#include "render.h"

#define CELL_MAX 8192

#ifndef PTRDOCTOR_VERSION
#define PTRDOCTOR_VERSION "0.1.0"
#endif

/* cell - text fit for a table cell: escaped, one line, no '|' or markup
 * that could open a tag. */
static const char *cell(const char *text, char *out)
{
	char escaped[CELL_MAX];
	names_escape(text ? text : "", escaped, sizeof escaped);
	size_t n = 0;
	for (const char *p = escaped; *p && n + 6 < CELL_MAX; p++) {
		const char *with = *p == '|' ? "\\|" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : *p == '&' ? "&amp;" : NULL;
		if (with) {
			memcpy(out + n, with, strlen(with));
			n += strlen(with);
		} else {
			out[n++] = *p == '\n' ? ' ' : *p;
		}
	}
	out[n] = '\0';
	return out;
}

static void write_rules(FILE *out, const struct findings *f)
{
	char b[CELL_MAX];
	fputs("\n| Rule | Result | Finding |\n|---|---|---|\n", out);
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *r = &f->rules.rules[i];
		bool loud = r->status == RULE_FAIL || r->status == RULE_ERROR || r->status == RULE_WARN;
		fprintf(out, "| %s | %s%s%s | %s |\n", rule_id_name(r->id), loud ? "**" : "", rule_status_name(r->status),
			loud ? "**" : "", cell(r->finding, b));
	}
}

static void write_receivers(FILE *out, const struct predictions *preds)
{
	char b[CELL_MAX];
	fputs("\n### What receivers answer (predicted)\n\n| Receiver | Verdict | Reply or rules |\n|---|---|---|\n", out);
	for (size_t i = 0; i < preds->count; i++) {
		const struct prediction *p = &preds->items[i];
		char both[sizeof p->text + sizeof p->alternative + 120];
		if (p->verdict == VERDICT_EITHER && p->has_score)
			snprintf(both, sizeof both, "%s (a PTR that does not verify comes first), or %s (the PTR that verifies "
						    "comes first)", p->text, p->alternative[0] ? p->alternative : "none");
		else
			snprintf(both, sizeof both, "%s", p->text);
		fprintf(out, "| %s%s%s | %s%s | %s |\n", receiver_display_name(p->receiver), p->check[0] ? " " : "", p->check,
			receiver_verdict_name(p->verdict), p->temporary ? " (DNS trouble)" : "", cell(both, b));
	}
}

/* write_lookups - each lookup as an indented code block (literal in
 * CommonMark, whatever the answers hold), inside <details>. */
static void write_lookups(FILE *out, const struct report_input *in)
{
	const struct diagnosis *d = in->diagnosis;
	char b[CELL_MAX];
	size_t count = diagnosis_step_count(d);
	fprintf(out, "\n<details>\n<summary>Every lookup (%zu), with the dig command that asks the same</summary>\n\n", count);
	fprintf(out, "    ;; %s\n\n", report_mark_legend());
	for (size_t i = 0; i < count; i++) {
		const struct step *s = diagnosis_step(d, i);
		char **lines, meaning[CELL_MAX];
		size_t n = step_dig_output(s, &lines);
		names_escape(s->dig, b, sizeof b);
		fprintf(out, "    $ %s\n", b);
		names_escape(s->qname, b, sizeof b);
		fprintf(out, "    ;; %s %s %s: %s\n", report_mark_symbol(mark_of_step(in->findings, d, s)), step_type_name(s), b,
			step_rcode_name(s));
		for (size_t j = 0; j < n; j++) {
			names_escape(lines[j], b, sizeof b);
			fprintf(out, "    %s\n", b);
		}
		if (s->error) {
			names_escape(s->error, b, sizeof b);
			fprintf(out, "    ;; %s\n", b);
		}
		step_answers_free(lines, n);
		meaning_of(s, diagnosis_ip(d), meaning, sizeof meaning);
		if (*meaning)
			fprintf(out, "    ;; means: %s\n", meaning);
		fputs(i + 1 < count ? "\n" : "", out);
	}
	fputs("\n</details>\n", out);
}

static void write_markdown(FILE *out, const void *ctx)
{
	const struct report_input *in = ctx;
	const struct diagnosis *d = in->diagnosis;
	char b1[CELL_MAX], b2[CELL_MAX], next[3 * CAUSE_TEXT_MAX + 400];
	const char *helo = diagnosis_helo(d);
	char verdict[8];
	snprintf(verdict, sizeof verdict, "%s", rule_status_name(in->findings->headline.verdict));
	for (char *c = verdict; *c; c++)
		*c = (char)(*c - 'a' + 'A');
	fprintf(out, "## Reverse DNS of %s%s%s: %s\n\n", diagnosis_ip(d)->text, helo ? ", HELO " : "",
		helo ? cell(helo, b1) : "", verdict);
	advice_next_step(in, next, sizeof next);
	fprintf(out, "**%s:** %s.\n\n", verdict, cell(in->findings->headline.text, b1));
	fprintf(out, "**What to do:** %s\n\n", cell(next, b2));
	fprintf(out, "Checked by ptrdoctor %s through %s%s.\n", PTRDOCTOR_VERSION,
		cell(backend_server_label(diagnosis_backend(d)), b1),
		backend_is_lab(diagnosis_backend(d)) ? " (a lab scenario, not the live DNS)" : "");
	write_rules(out, in->findings);
	write_receivers(out, &in->findings->predictions);
	write_lookups(out, in);
}

char *report_markdown(const struct report_input *in)
{
	return render_string(write_markdown, in);
}
