/* action - what a key asks for, apart from the key: the widgets, the
 * overlay and the text view act on these; wizard/keys.c binds keys to
 * them, screen by screen. */
#ifndef PTRDOCTOR_ACTION_H
#define PTRDOCTOR_ACTION_H

enum action {
	ACTION_NONE = 0,
	ACTION_NEXT,       /* Enter: confirm, open, go on */
	ACTION_BACK,       /* Esc: back, or cancel a running check */
	ACTION_HELP,
	ACTION_QUIT,
	ACTION_UP,
	ACTION_DOWN,
	ACTION_PAGE_UP,
	ACTION_PAGE_DOWN,
	ACTION_HOME,
	ACTION_END,
	ACTION_FOCUS_NEXT, /* Tab */
	ACTION_FOCUS_PREV, /* Shift-Tab */
	ACTION_VERDICT,
	ACTION_RECHECK,
	ACTION_SAVE,
	ACTION_TICKET,
	ACTION_SAVE_POST,   /* verdict: save the report as a forum post (Markdown) */
	ACTION_REVEAL,     /* presenter mode: the next answer */
	ACTION_FIXED,      /* lab: run the scenario's fixed version */
	ACTION_EXPLAIN,    /* paste screen: read what was pasted */
	ACTION_WATCH,      /* verdict: check again until the fix lands */
	ACTION_SOURCE,     /* verdict: where the answer comes from */
	ACTION_SORT,       /* pool: by verdict, or in input order */
	ACTION_COUNT
};

#endif
