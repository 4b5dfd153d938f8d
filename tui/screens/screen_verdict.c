/* screen_verdict - every rule with its mark; for the first problem what it
 * means, what each receiver answers, who owns the reverse zone and what
 * to do. Actions: check again, watch (screen_watch.c), save the report,
 * a support request. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/dns.h"
#include "util/help.h"
#include "lab/lab.h"
#include "machine/machine.h"
#include "rules/provider.h"
#include "report/report.h"
#include "util/clock.h"
#include "check/check.h"
#include "screen_watch.h"
#include "screens.h"
#include "wizard/wizard.h"

#define TEXT_MAX 4096

/* This screen's own state (screen_state): nobody else reads it. */
struct verdict_state {
	struct textview view;
	struct rule_results before_fix; /* the original's rules while its fixed version shows */
	struct watch_mode watch;         /* w: the check again and again until the fix lands */
	unsigned built_version;          /* the findings the view was built from */
};

static struct verdict_state *state_of(struct wizard *w)
{
	return screen_state(w, SCREEN_VERDICT);
}

static int view_height(const struct wizard *w)
{
	return wizard_bottom(w) - wizard_top(w);
}

/* rule_text - a section of help/rules/ID.txt with the user's values in. */
static void rule_text(const struct wizard *w, enum rule_id id, const char *section, char *out, size_t size)
{
	char path[64], raw[TEXT_MAX];
	snprintf(path, sizeof path, "rules/%s.txt", rule_id_name(id));
	help_section(help_text(path), section, raw, sizeof raw);
	const char *name = findings_ptr_name(&w->findings);
	const struct evidence *ev = &w->findings.evidence;
	/* Names read as prose, where a trailing dot would end the sentence. */
	char ptr[EVIDENCE_NAME_MAX], zone[EVIDENCE_NAME_MAX], wanted[EVIDENCE_NAME_MAX];
	names_strip_dot(ev->target_count ? ev->targets[0].name : "(none)", ptr, sizeof ptr);
	names_strip_dot(ev->zone[0] ? ev->zone : "(unknown)", zone, sizeof zone);
	names_strip_dot(name ? name : "mail.example.com", wanted, sizeof wanted);
	const char *keys[] = {"IP", "PTR", "HELO", "ZONE", "NAME", "OTHER"};
	const char *values[] = {
		w->checked_ip,
		ptr,
		w->diagnosis && diagnosis_helo(w->diagnosis) ? diagnosis_helo(w->diagnosis) : "(none)",
		zone,
		wanted,
		ev->other_count ? ev->others[0].address : "(none)",
	};
	help_expand(raw, keys, values, 6, out, size);
}

static void add_heading(struct wizard *w, const char *text)
{
	struct verdict_state *st = state_of(w);
	textview_add(&st->view, A_NORMAL, "");
	textview_add(&st->view, w->theme.bold | A_UNDERLINE, text);
}

static void add_receivers(struct wizard *w, int width)
{
	struct verdict_state *st = state_of(w);
	bool any = false;
	add_heading(w, "What receivers answer");
	for (size_t i = 0; i < w->findings.predictions.count; i++) {
		const struct prediction *p = &w->findings.predictions.items[i];
		if (p->verdict == VERDICT_PASS)
			continue;
		char line[200];
		snprintf(line, sizeof line, "  %s%s%s: %s%s", receiver_display_name(p->receiver),
			 p->check[0] ? " with " : "", p->check, receiver_verdict_name(p->verdict),
			 p->temporary ? " (from DNS trouble)" : "");
		textview_add(&st->view, A_BOLD, line);
		textview_add_wrapped(&st->view, A_NORMAL, width, 4, p->text);
		textview_add_wrapped(&st->view, w->theme.dim, width, 4, p->basis);
		any = true;
	}
	if (!any)
		textview_add(&st->view, A_NORMAL, "  Every receiver ptrdoctor knows accepts this server's mail.");
}

/* add_machine - after "Check this machine": the lines to change in this
 * mail server's configuration, when the address checked sends from here. */
static void add_machine(struct wizard *w, int width)
{
	struct verdict_state *st = state_of(w);
	const struct detection *d = screen_machine_detection(w);
	struct ip_address ip;
	if (!d || names_parse_ip(w->checked_ip, &ip) != NAMES_OK)
		return;
	struct mta_change changes[MTA_ADVICE_MAX];
	size_t n = mta_advice(d, &ip, &w->findings, changes, MTA_ADVICE_MAX);
	for (size_t i = 0; i < n; i++) {
		char line[sizeof changes[i].line * 4 + 20] = "On this machine: ", why[sizeof changes[i].why * 4];
		names_escape(changes[i].line, line + strlen(line), sizeof line - strlen(line));
		textview_add_wrapped(&st->view, A_BOLD, width, 2, line);
		names_escape(changes[i].why, why, sizeof why);
		textview_add_wrapped(&st->view, A_NORMAL, width, 4, why);
	}
}

static void add_owner(struct wizard *w, int width)
{
	struct verdict_state *st = state_of(w);
	char line[TEXT_MAX];
	const struct evidence *ev = &w->findings.evidence;
	add_heading(w, "Who can fix the PTR");
	if (ev->zone[0]) {
		size_t used = (size_t)snprintf(line, sizeof line, "The PTR of %s lives in the reverse zone %s, run by %s",
					       w->checked_ip, ev->zone, ev->zone_primary);
		for (size_t i = 0; i < ev->zone_ns_count && used < sizeof line; i++)
			used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", i ? ", " : " (servers ", ev->zone_ns[i]);
		if (used < sizeof line)
			snprintf(line + used, sizeof line - used, "%s. Not in your domain's DNS.", ev->zone_ns_count ? ")" : "");
	} else {
		snprintf(line, sizeof line, "The reverse zone of %s could not be found. The PTR is set by whoever holds the address block.",
			 w->checked_ip);
	}
	textview_add_wrapped(&st->view, A_NORMAL, width, 2, line);
	if (w->findings.guess.registry)
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, w->findings.guess.registry_note);
	const struct provider *p = w->provider >= 0 ? provider_at((size_t)w->provider) : NULL;
	if (p && p == w->findings.guess.provider) {
		snprintf(line, sizeof line, "Provider: %s, recognised because %s.", p->name, w->findings.guess.evidence);
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, line);
	} else if (p && w->findings.guess.provider) {
		snprintf(line, sizeof line, "Provider: %s (your choice; DNS suggests %s because %s).", p->name,
			 w->findings.guess.provider->name, w->findings.guess.evidence);
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, line);
	} else if (p) {
		snprintf(line, sizeof line, "Provider: %s (your choice).", p->name);
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, line);
	}
}

static void add_rules(struct wizard *w, int width)
{
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *r = &w->findings.rules.rules[i];
		char line[RULE_FINDING_MAX + 40];
		snprintf(line, sizeof line, "%-17s %s", rule_id_name(r->id), r->finding);
		/* The mark takes two columns; wrapped lines hang under the finding. */
		textview_add_wrapped_marked(&state_of(w)->view, term_mark(&w->theme, status_tone(r->status)), term_tone_attr(&w->theme, status_tone(r->status)),
					    r->status == RULE_SKIP ? w->theme.dim : A_NORMAL, width - 2, 0, 20, line);
	}
}

/* add_provider_steps - the provider's text, with the user's address and
 * name filled in; section lines ("IPv4:") in bold. */
static void add_provider_steps(struct wizard *w, int width)
{
	const struct provider *p = w->provider >= 0 ? provider_at((size_t)w->provider) : w->findings.guess.provider;
	char path[64], text[TEXT_MAX], name[EVIDENCE_NAME_MAX];
	if (!p)
		return;
	snprintf(path, sizeof path, "providers/%s.txt", p->id);
	const char *wanted = findings_ptr_name(&w->findings);
	names_strip_dot(wanted ? wanted : "mail.example.com", name, sizeof name);
	const char *keys[] = {"IP", "NAME"};
	const char *values[] = {w->checked_ip, name};
	help_expand(help_text(path) ? help_text(path) : "", keys, values, 2, text, sizeof text);
	char heading[160];
	snprintf(heading, sizeof heading, "At %s", p->name);
	add_heading(w, heading);
	bool next = false; /* the Next: section is the verdict's own first line already */
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		size_t len = strlen(line);
		bool header = len < 12 && line[len - 1] == ':';
		next = header ? strcmp(line, "Next:") == 0 : next;
		if (!next)
			textview_add_wrapped(&state_of(w)->view, header ? A_BOLD : A_NORMAL, width, header ? 2 : 4, line);
	}
}

/* add_lab - in a lab: the scenario's lesson, and after F what the fix changed. */
static void add_lab(struct wizard *w, int width)
{
	struct verdict_state *st = state_of(w);
	const struct lab_scenario *sc = backend_scenario(w->backend);
	const char *lesson = sc ? lab_scenario_get(sc, "lesson") : NULL;
	if (w->showing_fixed) {
		add_heading(w, "What the fix changed");
		bool any = false;
		for (int i = 0; i < RULE_COUNT; i++) {
			enum rule_status was = st->before_fix.rules[i].status, now = w->findings.rules.rules[i].status;
			if (was == now)
				continue;
			char line[200];
			snprintf(line, sizeof line, "%-17s %s -> %s", rule_id_name((enum rule_id)i), rule_status_name(was),
				 rule_status_name(now));
			textview_add_marked(&st->view, term_mark(&w->theme, status_tone(now)), term_tone_attr(&w->theme, status_tone(now)), A_NORMAL, line);
			any = true;
		}
		if (!any)
			textview_add(&st->view, A_NORMAL, "  No rule changed.");
	} else if (lesson) {
		add_heading(w, "Lesson");
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, lesson);
		if (w->lab_name[0])
			textview_add(&st->view, w->theme.dim, "  F runs the fixed version of this scenario, if it has one.");
	}
}

/* add_causes - the next step, then the other causes, each a sentence. */
static void add_causes(struct wizard *w, int width)
{
	struct verdict_state *st = state_of(w);
	struct report_input in = wizard_report_input(w);
	char text[TEXT_MAX];
	advice_next_step(&in, text + 6, sizeof text - 6);
	memcpy(text, "Next: ", 6);
	textview_add_wrapped(&st->view, A_BOLD, width, 2, text);
	const struct causes *causes = &w->findings.causes;
	if (causes->count > 0 && causes->items[0].instead[0])
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, causes->items[0].instead);
	add_machine(w, width); /* this machine's own lines, before anything to scroll past */
	for (size_t i = 1; i < causes->count; i++) {
		snprintf(text, sizeof text, "Then: %s", causes->items[i].text);
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, text);
	}
}

static void build(struct wizard *w)
{
	struct verdict_state *st = state_of(w);
	int width = w->cols - 6;
	char text[TEXT_MAX];
	textview_clear(&st->view);
	st->built_version = w->findings_version;
	const struct rule_result *problem = rules_first_problem(&w->findings.rules);
	enum rule_status verdict = w->findings.headline.verdict;
	static const char *const word[] = {"PASS", "WARN", "FAIL", "ERROR", ""};
	snprintf(text, sizeof text, "Verdict: %s: %s", word[verdict], w->findings.headline.text);
	textview_add_wrapped(&st->view, term_tone_attr(&w->theme, status_tone(verdict)) | A_BOLD, width, 0, text);
	/* the one thing to do, before anything to scroll past */
	add_causes(w, width);
	if (w->servers_pending)
		textview_add_wrapped(&st->view, w->theme.dim, width, 2,
				     "The zones' own servers are still being asked: what they say follows in a moment.");
	watch_mode_show(&st->watch, w, &st->view, width);
	add_lab(w, width);
	textview_add(&st->view, A_NORMAL, "");
	add_rules(w, width);
	if (problem) {
		char heading[120];
		snprintf(heading, sizeof heading, "What \"%s\" means", rule_id_name(problem->id));
		add_heading(w, heading);
		rule_text(w, problem->id, NULL, text, sizeof text);
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, text);
	}
	add_receivers(w, width);
	add_owner(w, width);
	if (problem) {
		add_heading(w, "What to do");
		rule_text(w, problem->id, "Fix:", text, sizeof text);
		textview_add_wrapped(&st->view, A_NORMAL, width, 2, text);
	}
	add_provider_steps(w, width);
	textview_add(&st->view, A_NORMAL, "");
	textview_add(&st->view, w->theme.dim,
		     "r check again   w watch   a where the answer comes from   s save   m save as a post   t ticket");
}

static void enter(struct wizard *w)
{
	if (state_of(w)->watch.rechecking)
		return; /* the view comes back when the check in the background ends */
	if (!w->done) {
		wizard_go(w, SCREEN_STEPS);
		return;
	}
	build(w);
	wizard_message(w, MESSAGE_INFO, "Up/Down scroll. r again, w watch, a source, s save, m post, t ticket.");
}

static void tick(struct wizard *w)
{
	struct verdict_state *st = state_of(w);
	if (watch_mode_tick(&st->watch, w)) {
		build(w);
	} else if (!st->watch.rechecking && w->done && st->built_version != w->findings_version) {
		int top = st->view.top; /* the zones' servers' answers came in: the reader stays where they are */
		build(w);
		st->view.top = top < (int)st->view.count ? top : 0;
	}
}

static void leave(struct wizard *w)
{
	textview_clear(&state_of(w)->view);
}

static void draw(struct wizard *w)
{
	textview_draw(&state_of(w)->view, stdscr, wizard_top(w), 2, view_height(w), w->cols - 3);
}

static void ticket(struct wizard *w)
{
	struct report_input in = wizard_report_input(w);
	bool request;
	char *text = report_ticket(&in, &request);
	if (text)
		overlay_open_text(&w->overlay, w->rows, w->cols,
				  request ? "Support request: copy it into a ticket" : "No support request: nothing for them to change",
				  text);
	free(text);
}

static bool act(struct wizard *w, enum action action)
{
	struct verdict_state *st = state_of(w);
	if (textview_scroll(&st->view, action, view_height(w)))
		return true;
	if (st->watch.rechecking &&
	    (action == ACTION_SAVE || action == ACTION_SAVE_POST || action == ACTION_TICKET || action == ACTION_FIXED ||
	     action == ACTION_SOURCE)) {
		wizard_message(w, MESSAGE_INFO, "Checking again: a moment.");
		return true;
	}
	switch (action) {
	case ACTION_WATCH:
		if (st->watch.watching ? watch_mode_stop(&st->watch, w, "stopped with w") : watch_mode_start(&st->watch, w))
			build(w);
		return true;
	case ACTION_RECHECK:
		if (st->watch.watching)
			watch_mode_stop(&st->watch, w, "a new check");
		wizard_check_start(w, true);
		wizard_go(w, SCREEN_STEPS);
		return true;
	case ACTION_SAVE:
	case ACTION_SAVE_POST: {
		char path[300];
		snprintf(path, sizeof path, "ptrdoctor-%s.%s", w->checked_ip, action == ACTION_SAVE ? "txt" : "md");
		for (char *c = path; *c; c++)
			if (*c == ':')
				*c = '-';
		overlay_open_save(&w->overlay, w->rows, w->cols, &w->theme, path);
		return true;
	}
	case ACTION_TICKET:
		ticket(w);
		return true;
	case ACTION_SOURCE:
		wizard_go(w, SCREEN_SOURCE);
		return true;
	case ACTION_FIXED:
		if (!w->lab_name[0])
			wizard_message(w, MESSAGE_INFO, "F works in lab scenarios: ptrdoctor lab NAME.");
		else if (w->showing_fixed)
			wizard_message(w, MESSAGE_INFO, "This is the fixed version already; r runs it again.");
		else {
			struct rule_results before = w->findings.rules;
			if (wizard_use_lab(w, w->lab_name, true))
				st->before_fix = before;
		}
		return true;
	case ACTION_NEXT:
		return true;
	default:
		return false;
	}
}

static void state_free(void *state)
{
	textview_clear(&((struct verdict_state *)state)->view);
}

const struct screen screen_verdict = {
	.id = SCREEN_VERDICT, .name = "Verdict", .help = "screens/verdict.txt", .enter = enter, .leave = leave,
	.draw = draw, .act = act, .tick = tick, .state_size = sizeof(struct verdict_state),
	.state_free = state_free,
};
