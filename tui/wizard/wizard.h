/* wizard - the interactive front: one model (this file), one input loop
 * (wizard_loop.c), the frame around every screen, the key table; the
 * screens themselves are in screens/.
 *
 * The model holds the user's answers, the running diagnosis and what the
 * current screen needs; screens (screens/screen_*.c) read and change it.
 * wizard_loop.c reads every key, wizard.c moves between screens, frame.c
 * draws every frame, wizard_check.c is the glue to the engine's check. */
#ifndef PTRDOCTOR_WIZARD_H
#define PTRDOCTOR_WIZARD_H

#include <form.h>
#include <menu.h>
#include <panel.h>
#include <stdbool.h>

#include "diagnosis/diagnosis.h"
#include "bounce/bounce.h"
#include "check/check.h"
#include "rules/provider.h"
#include "report/report.h"
#include "receivers/receivers.h"
#include "rules/rules.h"
#include "session/options.h"
#include "toolkit/overlay.h"
#include "screen.h"
#include "toolkit/term.h"
#include "toolkit/textview.h"
#include "toolkit/widgets.h"

#define WIZARD_INPUT_MAX 255
#define WIZARD_STEPS_MAX PLAN_STEPS_MAX

enum message_kind { MESSAGE_INFO = 0, MESSAGE_OK, MESSAGE_WARN, MESSAGE_ERROR };

struct wizard {
	const struct options *opts;
	const struct screen *const *screens; /* indexed by screen_id (screen.h) */
	struct backend *backend;
	struct theme theme;
	int rows, cols;
	enum screen_id screen;
	bool quit;
	bool pasting;                   /* inside a bracketed paste: keys are text */
	long paste_key_ms;              /* when the last key of the paste came */
	int exit_code;
	unsigned tick;                  /* spinner frame */
	char message[400];
	enum message_kind message_kind;

	/* the answers */
	char ip[WIZARD_INPUT_MAX + 1];
	char helo[WIZARD_INPUT_MAX + 1];
	int provider;                   /* index into the provider list, -1 when none */

	/* the check */
	struct diagnosis *diagnosis;
	char checked_ip[WIZARD_INPUT_MAX + 1];
	size_t steps_seen;              /* "started" events received */
	bool step_answered[WIZARD_STEPS_MAX]; /* "finished" events received */
	bool step_done[WIZARD_STEPS_MAX];     /* answered and shown (step mode holds them back) */
	bool step_mode;                 /* presenter: each answer waits for Space */
	bool diagnosis_done;            /* every lookup has ended */
	bool done;                      /* the verdict's lookups have ended, and every answer is shown */
	struct findings findings;       /* from the finished lookups */
	bool have_results;
	bool servers_pending;           /* the verdict shows, the zones' own servers are still asked */
	unsigned findings_version;      /* bumped each time findings are computed again */
	struct lookup *lookup;          /* host name typed in the IP field */

	/* widgets of the screen in view (built by enter, freed by leave) */
	struct input_field input;
	struct choices choices;

	struct overlay overlay;


	/* lab */
	char lab_name[300];             /* the scenario in use, or "" */
	bool showing_fixed;             /* the fixed version of the scenario runs */

	void *screen_states[SCREEN_COUNT]; /* each screen's own (screen_state) */
	unsigned checks_started;        /* a new check: screens showing it start over */
	int wake_ms;                    /* a screen counting down wakes this often (0: on input only) */
	bool from_pool;                 /* the check was opened from the pool: Esc goes back there */
};

/* status_tone - how a rule status reads on the terminal. */
enum tone status_tone(enum rule_status status);

/* Layout of the screen in view: rows from wizard_top() to wizard_bottom(). */
int wizard_top(const struct wizard *w);
int wizard_bottom(const struct wizard *w);

void wizard_message(struct wizard *w, enum message_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* wizard_go - leave the screen in view and enter another. */
void wizard_go(struct wizard *w, enum screen_id id);

/* wizard_check_start - (re)start the check of w->ip, with w->helo when set. */
void wizard_check_start(struct wizard *w, bool with_helo);

/* wizard_check_stop - cancel and free the running check. */
void wizard_check_stop(struct wizard *w);

/* wizard_report_input - what the reports need, from the model (the
 * provider picked so far applied to its findings). */
struct report_input wizard_report_input(struct wizard *w);

/* wizard_open_help - the help of the screen in view, with its keys. */
void wizard_open_help(struct wizard *w);

/* wizard_save_report - the text report into path; the outcome in the
 * message line. */
void wizard_save_report(struct wizard *w, const char *path);

/* wizard_use_lab - answer from a scenario (built-in name or file) from now
 * on, prefilled with its header, and start its check. With fixed, its fixed
 * version. Returns false with a message shown when it cannot be opened. */
bool wizard_use_lab(struct wizard *w, const char *name, bool fixed);

/* wizard_reveal - presenter mode: show the next answer that is ready;
 * false when none is. */
bool wizard_reveal(struct wizard *w);

/* wizard_step_visible - presenter mode shows a round's questions only once
 * the answers of the rounds before are shown. */
bool wizard_step_visible(const struct wizard *w, size_t index);

/* wizard_too_small - the terminal is below the smallest size the screens need. */
bool wizard_too_small(const struct wizard *w);

/* wizard_check_running - lookups are still out. */
bool wizard_check_running(const struct wizard *w);

#endif
