/* screen_source - "Where does the answer come from?", reached with a from
 * the verdict: the zones' own servers the check asked directly (with the
 * cache's state), then the walk from the root, live as its answers come
 * in, each with its dig command. r walks again; Esc goes back. In
 * presenter mode (--step) Space shows the walk one level at a time. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"
#include "report/report.h"
#include "trace/trace.h"
#include "trace/trace.h"
#include "screens.h"
#include "wizard/wizard.h"

/* This screen's own state (screen_state): nobody else reads it. */
struct source_state {
	struct textview view;
	struct loop *loop;
	struct trace *trace;
	char target[WIZARD_INPUT_MAX + 1]; /* the address walked */
	char error[600];                   /* why there is no walk */
	size_t shown_questions;            /* the walk as last drawn */
	bool shown_finished;
	size_t revealed;                   /* presenter mode: levels shown so far */
};

static struct source_state *state_of(struct wizard *w)
{
	return screen_state(w, SCREEN_SOURCE);
}

static int view_height(const struct wizard *w)
{
	return wizard_bottom(w) - wizard_top(w);
}

static void walk_stop(struct wizard *w)
{
	struct source_state *st = state_of(w);
	trace_free(st->trace); /* cancels what is in flight, before its loop goes */
	loop_free(st->loop);
	st->trace = NULL;
	st->loop = NULL;
}

/* walk_start - the trace of the checked address from the root servers
 * (--root-hints, or the built-in ones), on a loop the wizard polls. */
static void walk_start(struct wizard *w)
{
	struct source_state *st = state_of(w);
	walk_stop(w);
	st->error[0] = '\0';
	st->shown_questions = 0;
	st->shown_finished = false;
	st->revealed = 1;
	snprintf(st->target, sizeof st->target, "%s", w->checked_ip);
	if (!backend_can_ask_servers(w->backend)) {
		snprintf(st->error, sizeof st->error,
			 "This lab scenario answers as a resolver only: it declares no servers to walk from the root.");
		return;
	}
	char *hints = trace_hints_for(w->opts->root_hints, w->backend, st->error, sizeof st->error);
	if (!hints && st->error[0])
		return;
	uint16_t port = backend_auth_port(w->backend);
	if (!loop_new(&st->loop) ||
	    !trace_new(w->backend, w->checked_ip, hints, port, &st->trace, st->error, sizeof st->error) ||
	    !trace_start(st->trace, st->loop)) {
		if (!st->error[0])
			snprintf(st->error, sizeof st->error, "The walk could not start: out of memory.");
		walk_stop(w);
	}
	free(hints);
}

/* add_text - a report, line by line, wrapped under its own indent (a
 * server's line hangs under its answer); lines opening a section in bold. */
static void add_text(struct wizard *w, const char *text)
{
	struct source_state *st = state_of(w);
	char *copy = strdup(text ? text : "");
	for (char *line = copy, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		bool heading = (line[0] >= '1' && line[0] <= '9') || strncmp(line, "Servers of", 10) == 0 ||
			       strncmp(line, "Result:", 7) == 0;
		int indent = (int)strspn(line, " ");
		int hang = indent + (line[indent] == '>' || line[indent] == '$' ? 4 : 2);
		textview_add_wrapped_marked(&st->view, NULL, A_NORMAL, heading ? A_BOLD : A_NORMAL, w->cols - 6,
					    indent, hang, line + indent);
	}
	free(copy);
}

static void build(struct wizard *w)
{
	struct source_state *st = state_of(w);
	int top = st->view.top;
	textview_clear(&st->view);
	textview_add(&st->view, w->theme.bold | A_UNDERLINE, "The zones' own servers, asked directly");
	struct report_input in = wizard_report_input(w);
	char *sources = report_sources_text(&in);
	if (sources && sources[0])
		add_text(w, sources);
	else
		textview_add(&st->view, A_NORMAL, "  The check did not reach them (a lab scenario, or no zone found).");
	free(sources);
	textview_add(&st->view, A_NORMAL, "");
	textview_add(&st->view, w->theme.bold | A_UNDERLINE, "The delegation from the root");
	if (st->error[0]) {
		textview_add_wrapped(&st->view, A_NORMAL, w->cols - 6, 2, st->error);
	} else if (st->trace) {
		char *text = w->step_mode ? trace_report_text_levels(st->trace, st->revealed, false)
					  : trace_report_text(st->trace, false);
		add_text(w, text);
		free(text);
	}
	st->view.top = top;
}

static void enter(struct wizard *w)
{
	struct source_state *st = state_of(w);
	if (!w->have_results) {
		wizard_go(w, SCREEN_VERDICT);
		return;
	}
	if (strcmp(st->target, w->checked_ip) != 0 || (!st->trace && !st->error[0]))
		walk_start(w);
	else if (st->trace && !trace_finished(st->trace))
		walk_start(w); /* it was stopped when the screen was left */
	build(w);
	wizard_message(w, MESSAGE_INFO, "Up/Down scroll. r walks again from the root; Esc back to the verdict.");
}

static void leave(struct wizard *w)
{
	struct source_state *st = state_of(w);
	if (st->trace && !trace_finished(st->trace))
		walk_stop(w); /* nobody would read its answers */
	textview_clear(&st->view);
}

static void draw(struct wizard *w)
{
	textview_draw(&state_of(w)->view, stdscr, wizard_top(w), 2, view_height(w), w->cols - 3);
}

/* background_fd - the walk's loop while it runs. */
static int background_fd(struct wizard *w)
{
	const struct source_state *st = state_of(w);
	return st->trace && st->loop && !trace_finished(st->trace) ? loop_fd(st->loop) : -1;
}

static void tick(struct wizard *w)
{
	struct source_state *st = state_of(w);
	if (!st->trace || !st->loop)
		return;
	if (!trace_finished(st->trace) && loop_process(st->loop, 0) < 0)
		return;
	bool finished = trace_finished(st->trace);
	if (trace_questions(st->trace) == st->shown_questions && finished == st->shown_finished)
		return;
	st->shown_questions = trace_questions(st->trace);
	st->shown_finished = finished;
	if (finished) {
		wizard_message(w, trace_end(st->trace) == TRACE_FOUND ? MESSAGE_OK : MESSAGE_WARN,
			       "The walk has ended (%zu levels, %zu round trips). r walks again; Esc back.",
			       trace_level_count(st->trace), trace_round_trips(st->trace));
	}
	build(w);
}

static bool act(struct wizard *w, enum action action)
{
	struct source_state *st = state_of(w);
	if (textview_scroll(&st->view, action, view_height(w)))
		return true;
	switch (action) {
	case ACTION_BACK:
		wizard_go(w, SCREEN_VERDICT);
		return true;
	case ACTION_RECHECK:
		walk_start(w);
		build(w);
		return true;
	case ACTION_REVEAL:
		if (st->trace && st->revealed < trace_level_count(st->trace)) {
			st->revealed++;
			build(w);
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
	struct source_state *st = state;
	trace_free(st->trace);
	loop_free(st->loop);
	textview_clear(&st->view);
}

const struct screen screen_source = {
	.id = SCREEN_SOURCE, .name = "Source", .help = "screens/source.txt", .enter = enter, .leave = leave,
	.draw = draw, .act = act, .tick = tick, .state_size = sizeof(struct source_state), .state_free = state_free,
	.background_fd = background_fd,
};
