/* screen_paste - paste a bounce or a Received header; F2 reads it, then
 * Enter checks the address it names, with its HELO. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "bounce/bounce.h"
#include "screens.h"
#include "wizard/wizard.h"

#define PASTE_MAX (64 * 1024)

/* This screen's own state (screen_state): nobody else reads it. */
struct paste_state {
	char *pasted;                /* what was pasted, owned */
	struct bounce_result bounce;
	bool bounce_read;            /* bounce holds the reading of pasted as it is */
};

static struct paste_state *state_of(struct wizard *w)
{
	return screen_state(w, SCREEN_PASTE);
}

static void enter(struct wizard *w)
{
	struct paste_state *st = state_of(w);
	if (!st->pasted)
		st->pasted = calloc(1, PASTE_MAX);
	wizard_message(w, MESSAGE_INFO, "Paste the bounce or the header, then press F2 (or Ctrl-D) to read it.");
}

/* draw_pasted - the last lines of the pasted text, escaped. */
static void draw_pasted(struct wizard *w, int top, int height)
{
	struct paste_state *st = state_of(w);
	const char *text = st->pasted ? st->pasted : "";
	const char *start = text + strlen(text);
	int lines = 0;
	while (start > text && lines < height) {
		start--;
		if (*start == '\n' && ++lines == height) {
			start++;
			break;
		}
	}
	for (int row = 0; row < height && *start; row++) {
		size_t len = strcspn(start, "\n");
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), start);
		term_text(stdscr, top + row, 4, w->cols - 8, line, w->theme.dim);
		start += len + (start[len] == '\n');
	}
}

static void draw_findings(struct wizard *w, int top, int bottom)
{
	struct paste_state *st = state_of(w);
	int y = top;
	if (st->bounce.repair_count) {
		char line[BOUNCE_REPAIRS_MAX * 124] = "Repaired first:";
		for (size_t i = 0; i < st->bounce.repair_count; i++) {
			strncat(line, i ? "; " : " ", sizeof line - strlen(line) - 1);
			strncat(line, st->bounce.repairs[i], sizeof line - strlen(line) - 1);
		}
		y += term_wrap(stdscr, y, 2, w->cols - 4, bottom - y, line, w->theme.dim);
	}
	for (size_t i = 0; i < st->bounce.count && y < bottom; i++) {
		const struct bounce_finding *f = &st->bounce.findings[i];
		char line[1200];
		if (f->rdns)
			snprintf(line, sizeof line, "%s %s (%s)%s%s%s%s", bounce_receiver_name(f->receiver),
				 f->failed ? "refused" : "accepted", f->rule, f->ip[0] ? ", IP " : "", f->ip,
				 f->helo[0] ? ", HELO " : "", f->helo);
		else
			snprintf(line, sizeof line, "Not a reverse-DNS problem: %s%s%s", bounce_cause_name(f->cause),
				 f->ip[0] ? ", IP " : "", f->ip);
		term_text(stdscr, y++, 2, w->cols - 4, line, A_BOLD);
		y += term_wrap(stdscr, y, 4, w->cols - 8, bottom - y, f->meaning, A_NORMAL);
	}
}

static void draw(struct wizard *w)
{
	struct paste_state *st = state_of(w);
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, "Paste a bounce, or the Received lines of a mail you sent", A_BOLD);
	int area = st->bounce_read ? 6 : wizard_bottom(w) - wizard_top(w) - 2;
	draw_pasted(w, wizard_top(w) + 1, area);
	if (st->bounce_read)
		draw_findings(w, wizard_top(w) + area + 2, wizard_bottom(w));
}

static void read_paste(struct wizard *w)
{
	struct paste_state *st = state_of(w);
	st->bounce_read = bounce_explain(st->pasted ? st->pasted : "", &st->bounce);
	if (!st->bounce_read && st->bounce.kind == BOUNCE_KIND_REPORT)
		wizard_message(w, MESSAGE_WARN, "A feedback report (a complaint about mail that was accepted), not a refusal: "
			       "nothing in it says your reverse DNS was refused.");
	else if (!st->bounce_read && st->bounce.kind != BOUNCE_KIND_TEXT)
		wizard_message(w, MESSAGE_ERROR, "A %s, but no refusal in it that ptrdoctor knows (its Received lines are not "
			       "the receiver's verdict): paste the receiver's reply, the line with its code.",
			       bounce_kind_name(st->bounce.kind));
	else if (!st->bounce_read)
		wizard_message(w, MESSAGE_ERROR, "Nothing recognised: paste the rejection text (with its code) or Received lines.");
	else if (bounce_fcrdns_passed(&st->bounce))
		wizard_message(w, MESSAGE_OK, "That receiver verified a name for %s. Enter checks it from here.", st->bounce.ip);
	else if (!st->bounce.rdns && !bounce_received_only(&st->bounce))
		wizard_message(w, MESSAGE_WARN, "Not about reverse DNS (%s): a PTR fix would not change it.%s",
			       bounce_cause_name(st->bounce.cause), st->bounce.ip ? " Enter still checks the address." : "");
	else if (st->bounce.ip)
		wizard_message(w, MESSAGE_OK, "Enter checks %s%s%s now.", st->bounce.ip, st->bounce.helo ? " with HELO " : "",
			       st->bounce.helo ? st->bounce.helo : "");
	else
		wizard_message(w, MESSAGE_WARN, "Read, but no address in it: Enter goes to the address field.");
}

static void check_it(struct wizard *w)
{
	struct paste_state *st = state_of(w);
	snprintf(w->ip, sizeof w->ip, "%s", st->bounce.ip ? st->bounce.ip : "");
	snprintf(w->helo, sizeof w->helo, "%s", st->bounce.helo ? st->bounce.helo : "");
	if (!st->bounce.ip) {
		wizard_go(w, SCREEN_IP);
		return;
	}
	wizard_check_start(w, w->helo[0] != '\0');
	wizard_go(w, w->helo[0] ? SCREEN_STEPS : SCREEN_HELO);
}

static bool act(struct wizard *w, enum action action)
{
	if (action == ACTION_EXPLAIN) {
		read_paste(w);
		return true;
	}
	if (action == ACTION_NEXT && state_of(w)->bounce_read) {
		check_it(w);
		return true;
	}
	if (action == ACTION_BACK) {
		wizard_go(w, SCREEN_WELCOME);
		return true;
	}
	return false; /* Enter before reading is a new line: type() takes it */
}

static bool type(struct wizard *w, wint_t ch, bool key_code)
{
	struct paste_state *st = state_of(w);
	if (!st->pasted)
		return false;
	size_t len = strlen(st->pasted);
	if (!key_code && (ch == '\r' || ch == '\n' || ch == '\t' || (ch >= 0x20 && ch < 0x7f)) && len + 1 < PASTE_MAX) {
		st->pasted[len] = (char)(ch == '\r' ? '\n' : ch);
		st->pasted[len + 1] = '\0';
	} else if (!key_code && iswprint(ch) && len + 1 < PASTE_MAX) {
		st->pasted[len] = '?'; /* the texts ptrdoctor reads are ASCII */
		st->pasted[len + 1] = '\0';
	} else if ((key_code && ch == KEY_BACKSPACE) || (!key_code && (ch == 127 || ch == 8))) {
		if (len > 0)
			st->pasted[len - 1] = '\0';
	} else if (!key_code && ch == 21) {
		memset(st->pasted, 0, PASTE_MAX);
	} else if (key_code && ch == KEY_ENTER) {
		if (len + 1 < PASTE_MAX) {
			st->pasted[len] = '\n';
			st->pasted[len + 1] = '\0';
		}
	} else {
		return false;
	}
	st->bounce_read = false;
	return true;
}

static void state_free(void *state)
{
	free(((struct paste_state *)state)->pasted);
}

const struct screen screen_paste = {
	.id = SCREEN_PASTE, .name = "Paste", .help = "screens/paste.txt", .enter = enter, .draw = draw, .act = act,
	.type = type, .state_size = sizeof(struct paste_state), .state_free = state_free,
};
