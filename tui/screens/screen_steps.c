/* screen_steps - every lookup live: the question in plain words, the dig
 * command, a spinner while it runs, then what dig prints, what that
 * means in words, the time and a mark. Enter shows a step whole: the
 * command, the words and the whole reply as dig prints it. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"
#include "diagnosis/diagnosis.h"
#include "screens.h"
#include "wizard/wizard.h"

#define ROWS_PER_STEP 3 /* the question; the dig command and what it prints; the words */

/* This screen's own state (screen_state): nobody else reads it. */
struct steps_state {
	int selected;      /* the selected line */
	int top;           /* the first step shown */
	unsigned check;    /* the check they belong to (checks_started) */
};

static struct steps_state *state_of(struct wizard *w)
{
	struct steps_state *st = screen_state(w, SCREEN_STEPS);
	if (st->check != w->checks_started) /* a new check: from the top */
		*st = (struct steps_state){0, 0, w->checks_started};
	return st;
}

/* shown_steps - the indices of the steps listed, in order (presenter mode
 * hides a round until the answers before it are shown). */
static size_t shown_steps(const struct wizard *w, size_t *idx)
{
	size_t n = 0;
	for (size_t i = 0; i < w->steps_seen && i < WIZARD_STEPS_MAX; i++)
		if (wizard_step_visible(w, i))
			idx[n++] = i;
	return n;
}

static size_t list_length(const struct wizard *w)
{
	size_t idx[WIZARD_STEPS_MAX];
	return shown_steps(w, idx) + (w->done ? 1 : 0); /* the last item: "show the verdict" */
}

static int visible_items(const struct wizard *w)
{
	return (wizard_bottom(w) - wizard_top(w) - 1) / ROWS_PER_STEP;
}

/* step_tone - the mark of a finished step (check/marks.h): from the rule
 * its answer feeds once the findings are in; before, only whether DNS
 * gave a usable answer. */
static enum tone step_tone(const struct wizard *w, const struct step *s)
{
	if (w->have_results) {
		switch (mark_of_step(&w->findings, w->diagnosis, s)) {
		case MARK_GOOD: return TONE_GOOD;
		case MARK_BAD: return TONE_BAD;
		case MARK_ERROR: return TONE_ERROR;
		case MARK_NEUTRAL: return TONE_QUIET;
		}
	}
	return s->state != STEP_CANCELLED && !step_ok(s) ? TONE_ERROR : TONE_QUIET;
}

/* dig_output - what the step's dig command prints, on one line. */
static void dig_output(const struct step *s, char *buf, size_t size)
{
	char **lines;
	size_t n = step_dig_output(s, &lines);
	buf[0] = '\0';
	if (s->error)
		snprintf(buf, size, "(%s)", s->error);
	else if (s->state != STEP_ANSWERED)
		snprintf(buf, size, "(%s)", s->state == STEP_CANCELLED ? "stopped" : "no reply");
	else if (n == 0)
		snprintf(buf, size, "(prints nothing)");
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(buf);
		snprintf(buf + used, size - used, "%s%s", i ? "  " : "", lines[i]);
	}
	step_answers_free(lines, n);
}

static void draw_step(struct wizard *w, size_t i, int y, bool selected)
{
	const struct step *s = diagnosis_step(w->diagnosis, i);
	char text[600], right[40], output[800], words[1200];
	if (!s)
		return;
	bool finished = i < WIZARD_STEPS_MAX && w->step_done[i];
	attr_t line_attr = selected ? w->theme.selected : A_NORMAL;
	if (selected)
		mvchgat(y, 1, w->cols - 2, w->theme.selected, 0, NULL);
	if (finished) {
		enum tone tone = step_tone(w, s);
		attron(term_tone_attr(&w->theme, tone));
		mvaddstr(y, 2, term_mark(&w->theme, tone));
		attroff(term_tone_attr(&w->theme, tone));
		snprintf(right, sizeof right, "%-9s %5ld ms", step_rcode_name(s), s->ms);
	} else if (i < WIZARD_STEPS_MAX && w->step_answered[i]) {
		mvaddstr(y, 2, "?");
		snprintf(right, sizeof right, "Space shows it");
	} else {
		mvaddstr(y, 2, term_spinner(&w->theme, w->tick + (unsigned)i));
		snprintf(right, sizeof right, "asking...");
	}
	step_question(s, w->checked_ip, text, sizeof text);
	int right_w = (int)strlen(right);
	term_text(stdscr, y, 4, w->cols - 8 - right_w, text, line_attr);
	term_text(stdscr, y, w->cols - 2 - right_w, right_w, right, line_attr);
	char dig[1300];
	snprintf(dig, sizeof dig, "$ %s", s->dig ? s->dig : "");
	int used = term_text(stdscr, y + 1, 6, w->cols - 24, dig, w->theme.dim);
	if (!finished)
		return;
	dig_output(s, output, sizeof output);
	mvaddstr(y + 1, 6 + used + 1, w->theme.utf8 ? "\u2192" : ">");
	term_text(stdscr, y + 1, 6 + used + 3, w->cols - 12 - used, output, A_BOLD);
	meaning_of(s, diagnosis_ip(w->diagnosis), words, sizeof words);
	term_text(stdscr, y + 2, 6, w->cols - 8, words, A_NORMAL);
}

static void draw(struct wizard *w)
{
	struct steps_state *st = state_of(w);
	char head[800];
	size_t answered = 0;
	size_t idx[WIZARD_STEPS_MAX];
	size_t shown = shown_steps(w, idx);
	for (size_t k = 0; k < shown; k++)
		answered += w->step_done[idx[k]];
	snprintf(head, sizeof head, "Lookups of %s through %s: %zu of %zu answered%s", w->checked_ip,
		 backend_server_label(w->backend), answered, shown,
		 w->done ? "" : "  (questions of one round run together)");
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, head, A_BOLD);
	if (!w->diagnosis) {
		term_text(stdscr, wizard_top(w) + 2, 4, w->cols - 8, "No check is running: press r to start one.", A_NORMAL);
		return;
	}
	int y = wizard_top(w) + 1;
	int rows = visible_items(w);
	for (int k = 0; k < rows; k++) {
		size_t item = (size_t)(st->top + k);
		if (item >= list_length(w))
			break;
		bool selected = (int)item == st->selected;
		if (item == shown) {
			term_text(stdscr, y + k * ROWS_PER_STEP, 4, w->cols - 8, ">> Show the verdict (v)",
				  selected ? w->theme.selected | A_BOLD : A_BOLD);
			continue;
		}
		draw_step(w, idx[item], y + k * ROWS_PER_STEP, selected);
	}
}

static void select_item(struct wizard *w, int index)
{
	struct steps_state *st = state_of(w);
	int count = (int)list_length(w);
	st->selected = index >= count ? count - 1 : index;
	if (st->selected < 0)
		st->selected = 0;
	int rows = visible_items(w);
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + rows)
		st->top = st->selected - rows + 1;
}

/* expand_tabs - ldns separates fields with tabs; the view wants spaces. */
static char *expand_tabs(const char *text)
{
	size_t n = strlen(text), column = 0, used = 0;
	char *out = malloc(n * 8 + 1);
	if (!out)
		return NULL;
	for (const char *p = text; *p; p++) {
		if (*p == '\t') {
			do
				out[used++] = ' ';
			while (++column % 8);
		} else {
			out[used++] = *p;
			column = *p == '\n' ? 0 : column + 1;
		}
	}
	out[used] = '\0';
	return out;
}

static void open_step(struct wizard *w)
{
	struct steps_state *st = state_of(w);
	size_t idx[WIZARD_STEPS_MAX];
	size_t shown = shown_steps(w, idx);
	const struct step *s = (size_t)st->selected < shown ? diagnosis_step(w->diagnosis, idx[st->selected]) : NULL;
	if (!s || !w->step_done[s->index]) {
		wizard_message(w, MESSAGE_INFO, "That lookup is still running.");
		return;
	}
	char *raw = s->packet ? ldns_pkt2str(s->packet) : NULL;
	char words[1200], head[2600];
	meaning_of(s, diagnosis_ip(w->diagnosis), words, sizeof words);
	snprintf(head, sizeof head, "$ %s\nIn words: %s\n\nThe whole reply, as dig prints it without +short:\n\n",
		 s->dig ? s->dig : "", words);
	char *body = expand_tabs(raw ? raw : (s->error ? s->error : "no reply"));
	size_t len = strlen(head) + (body ? strlen(body) : 0) + 1;
	char *text = malloc(len);
	if (text) {
		snprintf(text, len, "%s%s", head, body ? body : "");
		overlay_open_text(&w->overlay, w->rows, w->cols, s->dig ? s->dig : "answer", text);
	}
	free(text);
	free(body);
	free(raw);
}

static void show_verdict(struct wizard *w)
{
	if (w->done)
		wizard_go(w, SCREEN_VERDICT);
	else
		wizard_message(w, MESSAGE_INFO, "The verdict comes once every lookup has answered or timed out.");
}

static bool act(struct wizard *w, enum action action)
{
	struct steps_state *st = state_of(w);
	switch (action) {
	case ACTION_UP: select_item(w, st->selected - 1); return true;
	case ACTION_DOWN: case ACTION_FOCUS_NEXT: select_item(w, st->selected + 1); return true;
	case ACTION_FOCUS_PREV: select_item(w, st->selected - 1); return true;
	case ACTION_PAGE_UP: select_item(w, st->selected - visible_items(w)); return true;
	case ACTION_PAGE_DOWN: select_item(w, st->selected + visible_items(w)); return true;
	case ACTION_HOME: select_item(w, 0); return true;
	case ACTION_END: select_item(w, (int)list_length(w) - 1); return true;
	case ACTION_VERDICT: show_verdict(w); return true;
	case ACTION_RECHECK:
		wizard_check_start(w, true);
		wizard_message(w, MESSAGE_INFO, "Checking again ...");
		return true;
	case ACTION_REVEAL:
		if (!w->step_mode)
			wizard_message(w, MESSAGE_INFO, "Answers appear by themselves; ptrdoctor lab NAME --step holds them for Space.");
		else if (!wizard_reveal(w))
			wizard_message(w, MESSAGE_INFO, w->done ? "Every answer is shown." : "Still asking ...");
		return true;
	case ACTION_NEXT:
		if (w->done && (size_t)st->selected == list_length(w) - 1)
			show_verdict(w);
		else if (w->diagnosis)
			open_step(w);
		return true;
	case ACTION_BACK:
		if (!wizard_check_running(w))
			return false;
		diagnosis_cancel(w->diagnosis);
		wizard_message(w, MESSAGE_WARN, "Check stopped. Press r to run it again, Esc to go back.");
		return true;
	default:
		return false;
	}
}

static void enter(struct wizard *w)
{
	if (w->diagnosis && !w->done)
		wizard_message(w, MESSAGE_INFO, "Asking ... Esc stops the check; Enter shows a finished lookup in full.");
	else if (w->done)
		wizard_message(w, MESSAGE_OK, "All lookups answered: press v or Right for the verdict.");
	select_item(w, state_of(w)->selected);
}

const struct screen screen_steps = {
	.id = SCREEN_STEPS, .name = "Lookups", .help = "screens/steps.txt", .enter = enter, .draw = draw,
	.act = act, .state_size = sizeof(struct steps_state),
};
