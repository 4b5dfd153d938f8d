/* screen_pool - several addresses typed in the IP field (a prefix such as
 * 203.0.113.0/28, or a list): every one checked in the background on the
 * batch's loop, a row each from the moment its check starts ("..."),
 * with its verdict once it ends, the counts above.
 * o sorts by verdict (worst first) or back to input order; Enter opens
 * that address's lookups and verdict, and Esc there comes back here. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "toolkit/widgets.h"
#include "screens.h"
#include "wizard/wizard.h"

#define POOL_MAX 4096     /* addresses the wizard shows; more: the command line */
#define POOL_WORDS_MAX 64

struct pool_row {
	bool started, done;
	char ip[NAMES_ADDR_TEXT_MAX];
	char ptr[64];
	char problem[24];
	enum rule_status verdict;
};

/* This screen's own state (screen_state): nobody else reads it. */
struct pool_state {
	char input[WIZARD_INPUT_MAX + 1]; /* the text the pool was made from */
	char words_buf[WIZARD_INPUT_MAX + 1];
	const char *words[POOL_WORDS_MAX];
	size_t word_count;
	struct targets *targets;
	struct batch *batch;
	struct pool_row *rows; /* by input index */
	size_t row_count, started, done, counts[RULE_SKIP + 1];
	size_t *shown;         /* the rows in the order the menu lists them */
	size_t shown_count;
	bool by_verdict, finished, changed;
	char error[WIZARD_INPUT_MAX + 200];
};

static struct pool_state *state_of(struct wizard *w)
{
	return screen_state(w, SCREEN_POOL);
}

bool screen_pool_wanted(const char *input)
{
	char first[WIZARD_INPUT_MAX + 1], err[200];
	struct ip_address ip;
	int length;
	size_t lead = strspn(input, " ,");
	size_t len = strcspn(input + lead, " ,");
	if (strchr(input, '/'))
		return true; /* a prefix: the pool says what is wrong with it, if anything */
	if (!input[lead + len + strspn(input + lead + len, " ,")])
		return false; /* one word: a single address, or a host name */
	snprintf(first, sizeof first, "%.*s", (int)len, input + lead);
	return names_parse_ip(first, &ip) == NAMES_OK || targets_parse_prefix(first, &ip, &length, err, sizeof err);
}

static void pool_stop(struct wizard *w)
{
	struct pool_state *st = state_of(w);
	batch_free(st->batch);
	targets_free(st->targets);
	free(st->rows);
	free(st->shown);
	st->batch = NULL;
	st->targets = NULL;
	st->rows = NULL;
	st->shown = NULL;
	st->row_count = st->started = st->done = st->shown_count = 0;
	memset(st->counts, 0, sizeof st->counts);
	st->finished = false;
}

/* started - a row for an address whose check has begun. */
static void started(void *ctx, size_t index, const struct target *target)
{
	struct pool_state *st = ctx;
	if (index >= st->row_count)
		return;
	struct pool_row *r = &st->rows[index];
	r->started = true;
	snprintf(r->ip, sizeof r->ip, "%s", target->ip.text);
	snprintf(r->ptr, sizeof r->ptr, "checking");
	st->started++;
	st->changed = true;
}

/* render - its verdict, once the check has ended (any order). */
static char *render(void *ctx, const struct batch_item *item)
{
	struct pool_state *st = ctx;
	if (item->index >= st->row_count)
		return strdup("");
	struct pool_row *r = &st->rows[item->index];
	const struct findings *f = item->findings;
	const struct rule_result *problem = rules_first_problem(&f->rules);
	r->done = true;
	r->verdict = f->headline.verdict;
	snprintf(r->ip, sizeof r->ip, "%s", item->target->ip.text);
	names_escape(f->evidence.target_count ? f->evidence.targets[0].name : "(no PTR)", r->ptr, sizeof r->ptr);
	snprintf(r->problem, sizeof r->problem, "%s", problem ? rule_id_name(problem->id) : "");
	st->counts[r->verdict]++;
	st->done++;
	st->changed = true;
	return strdup("");
}

static struct pool_state *sort_state; /* qsort has no context argument */

/* severity - of a row's verdict; below every verdict while it runs. */
static int severity(const struct pool_row *r)
{
	return r->done ? rule_status_severity(r->verdict) : -1;
}

static int worst_first(const void *a, const void *b)
{
	const struct pool_row *x = &sort_state->rows[*(const size_t *)a], *y = &sort_state->rows[*(const size_t *)b];
	int c = severity(y) - severity(x);
	return c ? c : (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

/* build_menu - a row per address started, in input or verdict order
 * (those still running last); the selected row stays selected. */
static void build_menu(struct wizard *w)
{
	struct pool_state *st = state_of(w);
	int selected = w->choices.menu ? choices_selected(&w->choices) : 0;
	size_t keep = selected >= 0 && (size_t)selected < st->shown_count ? st->shown[selected] : 0;
	st->shown_count = 0;
	for (size_t i = 0; i < st->row_count; i++)
		if (st->rows[i].started)
			st->shown[st->shown_count++] = i;
	sort_state = st;
	if (st->by_verdict)
		qsort(st->shown, st->shown_count, sizeof *st->shown, worst_first);
	char (*labels)[160] = calloc(st->shown_count ? st->shown_count : 1, sizeof *labels);
	const char **rows = calloc(st->shown_count ? st->shown_count : 1, sizeof *rows);
	int at = 0;
	for (size_t k = 0; labels && rows && k < st->shown_count; k++) {
		const struct pool_row *r = &st->rows[st->shown[k]];
		snprintf(labels[k], sizeof labels[k], "%-5s %-24s %-34s %s", r->done ? rule_status_name(r->verdict) : "...",
			 r->ip, r->ptr, r->problem);
		rows[k] = labels[k];
		at = st->shown[k] == keep ? (int)k : at;
	}
	int top = wizard_top(w) + 3;
	if (st->shown_count > 0 && labels && rows) /* a menu needs an item */
		choices_build(&w->choices, top, 2, wizard_bottom(w) - top, w->cols - 4, rows, st->shown_count, at, w->theme.selected);
	else
		choices_free(&w->choices);
	free(labels);
	free(rows);
	st->changed = false;
}

/* pool_start - the targets of the input, checked on the batch's loop. */
static void pool_start(struct wizard *w)
{
	struct pool_state *st = state_of(w);
	pool_stop(w);
	st->error[0] = '\0';
	snprintf(st->input, sizeof st->input, "%s", w->ip);
	snprintf(st->words_buf, sizeof st->words_buf, "%s", w->ip);
	st->word_count = 0;
	for (char *save = NULL, *word = strtok_r(st->words_buf, " ,", &save); word && st->word_count < POOL_WORDS_MAX;
	     word = strtok_r(NULL, " ,", &save))
		st->words[st->word_count++] = word;
	const struct batch_callbacks callbacks = {render, NULL, NULL, NULL, started};
	if (!targets_new(st->words, st->word_count, NULL, w->helo[0] ? w->helo : NULL, &st->targets, st->error,
			 sizeof st->error))
		return;
	size_t known = targets_known(st->targets);
	if (known > POOL_MAX) {
		snprintf(st->error, sizeof st->error,
			 "%zu addresses: the wizard shows at most %d. For more: ptrdoctor check %s", known, POOL_MAX, w->ip);
		pool_stop(w);
		return;
	}
	st->rows = calloc(known, sizeof *st->rows);
	st->shown = calloc(known, sizeof *st->shown);
	st->row_count = known;
	if (!st->rows || !st->shown || !batch_new(w->backend, st->targets, NULL, BATCH_PARALLEL_DEFAULT, &callbacks, st,
						   &st->batch)) {
		snprintf(st->error, sizeof st->error, "Out of memory.");
		pool_stop(w);
		return;
	}
}

/* background_fd - the batch's loop while its checks run. */
static int background_fd(struct wizard *w)
{
	const struct pool_state *st = state_of(w);
	return st->batch && !st->finished ? batch_fd(st->batch) : -1;
}

/* background - the pool's checks go on whatever screen shows. */
static void background(struct wizard *w)
{
	struct pool_state *st = state_of(w);
	if (!st->batch || st->finished)
		return;
	enum batch_status status = batch_poll(st->batch);
	if (status == BATCH_RUNNING)
		return;
	st->finished = true;
	if (w->screen == SCREEN_POOL)
		wizard_message(w, status == BATCH_DONE ? MESSAGE_OK : MESSAGE_ERROR, "%s",
			       status == BATCH_DONE ? "Every address checked. o sorts by verdict; Enter opens one."
						    : "The checks stopped: out of memory.");
}

static void enter(struct wizard *w)
{
	struct pool_state *st = state_of(w);
	if (w->from_pool && st->input[0]) /* back from one of its addresses */
		snprintf(w->ip, sizeof w->ip, "%s", st->input);
	if (strcmp(st->input, w->ip) != 0 || (!st->batch && !st->error[0]))
		pool_start(w);
	w->from_pool = true;
	build_menu(w);
	if (!st->error[0] && !st->finished)
		wizard_message(w, MESSAGE_INFO, "Checking every address; ... marks one still running. o sorts, Enter opens one.");
}

static void leave(struct wizard *w)
{
	choices_free(&w->choices);
}

static void draw(struct wizard *w)
{
	struct pool_state *st = state_of(w);
	char line[WIZARD_INPUT_MAX + 200];
	int y = wizard_top(w);
	if (st->error[0]) {
		term_wrap(stdscr, y, 2, w->cols - 4, 3, st->error, A_BOLD);
		return;
	}
	snprintf(line, sizeof line, "%s: %zu of %zu checked, %zu running   %zu pass  %zu warn  %zu fail  %zu error",
		 st->input, st->done, st->row_count, st->started - st->done, st->counts[RULE_PASS], st->counts[RULE_WARN],
		 st->counts[RULE_FAIL], st->counts[RULE_ERROR]);
	term_text(stdscr, y, 2, w->cols - 4, line, A_BOLD);
	term_text(stdscr, y + 1, 4, w->cols - 6,
		  st->by_verdict ? "VERDICT IP                       PTR  (worst first)" : "VERDICT IP                       PTR",
		  w->theme.dim);
	choices_show(&w->choices);
}

static void tick(struct wizard *w)
{
	if (state_of(w)->changed)
		build_menu(w);
}

static bool act(struct wizard *w, enum action action)
{
	struct pool_state *st = state_of(w);
	if (choices_move(&w->choices, action))
		return true;
	switch (action) {
	case ACTION_SORT:
		st->by_verdict = !st->by_verdict;
		build_menu(w);
		return true;
	case ACTION_NEXT: {
		int k = choices_selected(&w->choices);
		if (k < 0 || (size_t)k >= st->shown_count)
			return true;
		snprintf(w->ip, sizeof w->ip, "%s", st->rows[st->shown[k]].ip);
		wizard_check_start(w, true);
		wizard_go(w, SCREEN_STEPS);
		return true;
	}
	case ACTION_BACK:
		w->from_pool = false;
		snprintf(w->ip, sizeof w->ip, "%s", st->input);
		wizard_go(w, SCREEN_IP);
		return true;
	default:
		return false;
	}
}

static void state_free(void *state)
{
	struct pool_state *st = state;
	batch_free(st->batch);
	targets_free(st->targets);
	free(st->rows);
	free(st->shown);
}

const struct screen screen_pool = {
	.id = SCREEN_POOL, .name = "Pool", .help = "screens/pool.txt", .enter = enter, .leave = leave, .draw = draw,
	.act = act, .tick = tick, .state_size = sizeof(struct pool_state), .state_free = state_free,
	.background_fd = background_fd, .background = background,
};
