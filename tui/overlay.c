/* overlay - modal boxes over the screen, on the panel library: help, a
 * long text (a step's whole answer, the support request), the quit
 * question, the file name for saving the report. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/help.h"
#include "../engine/report.h"
#include "wizard.h"

#define HELP_MAX 8192

static void box_geometry(const struct wizard *w, int *y, int *x, int *h, int *width)
{
	*width = w->cols - 8 > 100 ? 100 : w->cols - 8;
	*h = w->rows - 4;
	if (w->overlay.kind == OVERLAY_CONFIRM_QUIT || w->overlay.kind == OVERLAY_SAVE) {
		*h = 7;
		*width = w->cols - 10 > 70 ? 70 : w->cols - 10;
	}
	*y = (w->rows - *h) / 2;
	*x = (w->cols - *width) / 2;
}

static void open_box(struct wizard *w, enum overlay_kind kind, const char *title)
{
	overlay_close(w);
	w->overlay.kind = kind;
	snprintf(w->overlay.title, sizeof w->overlay.title, "%s", title);
	int y, x, h, width;
	box_geometry(w, &y, &x, &h, &width);
	w->overlay.win = newwin(h, width, y, x);
	if (!w->overlay.win) {
		w->overlay.kind = OVERLAY_NONE;
		return;
	}
	w->overlay.panel = new_panel(w->overlay.win);
	keypad(w->overlay.win, TRUE);
}

void overlay_open_text(struct wizard *w, const char *title, const char *text)
{
	open_box(w, OVERLAY_TEXT, title);
	int y, x, h, width;
	box_geometry(w, &y, &x, &h, &width);
	textview_add_wrapped(&w->overlay.view, A_NORMAL, width - 4, 0, text);
}

void overlay_open_help(struct wizard *w)
{
	const struct screen *s = screen_get(w->screen);
	char keys[2048], text[HELP_MAX];
	const char *body = help_text(s->help);
	snprintf(text, sizeof text, "%s\nKeys on this screen\n%s", body ? body : "", keys_help_text(w->screen, keys, sizeof keys));
	char title[80];
	snprintf(title, sizeof title, "Help: %s", s->name);
	overlay_open_text(w, title, text);
}

void overlay_open_confirm_quit(struct wizard *w)
{
	open_box(w, OVERLAY_CONFIRM_QUIT, "Quit?");
	textview_add(&w->overlay.view, A_NORMAL, "A check is still running.");
	textview_add(&w->overlay.view, A_BOLD, "Quit anyway?  y = quit, n or Esc = stay");
}

void overlay_open_save(struct wizard *w, const char *default_path)
{
	open_box(w, OVERLAY_SAVE, "Save the report");
	if (w->overlay.kind != OVERLAY_SAVE)
		return;
	textview_add(&w->overlay.view, A_NORMAL, "File name (Enter saves, Esc cancels):");
	int width = getmaxx(w->overlay.win) - 4;
	w->overlay.fields[0] = new_field(1, width, 0, 0, 0, 0);
	field_opts_off(w->overlay.fields[0], O_AUTOSKIP | O_STATIC | O_BLANK);
	set_max_field(w->overlay.fields[0], 1024);
	set_field_back(w->overlay.fields[0], w->theme.field);
	set_field_buffer(w->overlay.fields[0], 0, default_path);
	w->overlay.form = new_form(w->overlay.fields);
	set_form_win(w->overlay.form, w->overlay.win);
	set_form_sub(w->overlay.form, derwin(w->overlay.win, 1, width, 3, 2));
	post_form(w->overlay.form);
	form_driver(w->overlay.form, REQ_END_LINE);
}

void overlay_close(struct wizard *w)
{
	struct overlay *o = &w->overlay;
	if (o->form) {
		WINDOW *sub = form_sub(o->form);
		unpost_form(o->form);
		free_form(o->form);
		free_field(o->fields[0]);
		delwin(sub);
	}
	if (o->panel)
		del_panel(o->panel);
	if (o->win)
		delwin(o->win);
	textview_clear(&o->view);
	memset(o, 0, sizeof *o);
}

void overlay_draw(struct wizard *w)
{
	struct overlay *o = &w->overlay;
	if (o->kind == OVERLAY_NONE || !o->win)
		return;
	int h = getmaxy(o->win), width = getmaxx(o->win);
	werase(o->win);
	if (w->theme.utf8)
		box_set(o->win, WACS_VLINE, WACS_HLINE);
	else
		box(o->win, '|', '-');
	term_text(o->win, 0, 2, width - 4, o->title, A_BOLD);
	int body = o->kind == OVERLAY_TEXT ? h - 3 : h - 2;
	textview_draw(&o->view, o->win, 1, 2, body, width - 3);
	if (o->kind == OVERLAY_TEXT)
		term_text(o->win, h - 1, 2, width - 4, " Up/Down/PgUp/PgDn scroll  Esc or Enter closes ", w->theme.dim);
	if (o->form) {
		unpost_form(o->form);
		post_form(o->form);
	}
	top_panel(o->panel);
}

static void save_report(struct wizard *w, const char *path)
{
	struct report_input in = wizard_report_input(w);
	char *text = report_text(&in, false);
	FILE *f = text ? fopen(path, "w") : NULL;
	bool ok = f && fputs(text, f) >= 0;
	int err = errno;
	if (f && fclose(f) != 0) {
		ok = false;
		err = errno;
	}
	free(text);
	if (ok)
		wizard_message(w, MESSAGE_OK, "Report saved to %s", path);
	else
		wizard_message(w, MESSAGE_ERROR, "Could not save to %s: %s", path, strerror(err));
}

static void save_key(struct wizard *w, wint_t ch, bool key_code)
{
	struct overlay *o = &w->overlay;
	if (!key_code && (ch == '\r' || ch == '\n')) {
		form_driver(o->form, REQ_VALIDATION);
		char path[1100];
		snprintf(path, sizeof path, "%s", field_buffer(o->fields[0], 0));
		size_t len = strlen(path);
		while (len > 0 && path[len - 1] == ' ')
			path[--len] = '\0';
		overlay_close(w);
		if (len == 0)
			wizard_message(w, MESSAGE_WARN, "Not saved: no file name");
		else
			save_report(w, path);
	} else if (!key_code && ch == 27) {
		overlay_close(w);
	} else {
		form_edit(o->form, ch, key_code);
	}
}

void overlay_key(struct wizard *w, wint_t ch, bool key_code)
{
	struct overlay *o = &w->overlay;
	if (o->kind == OVERLAY_SAVE) {
		save_key(w, ch, key_code);
		return;
	}
	if (o->kind == OVERLAY_CONFIRM_QUIT) {
		if (!key_code && (ch == 'y' || ch == 'Y'))
			w->quit = true;
		if (!key_code && (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N' || ch == 27))
			overlay_close(w);
		return;
	}
	enum action action = keys_action(w->screen, ch, key_code);
	if (action == ACTION_NONE && !key_code && ch == ' ')
		action = ACTION_PAGE_DOWN;
	if (action == ACTION_BACK || action == ACTION_NEXT || action == ACTION_HELP || (!key_code && ch == 'q'))
		overlay_close(w);
	else if (action == ACTION_QUIT)
		w->quit = !wizard_check_running(w);
	else
		textview_scroll(&o->view, action, getmaxy(o->win) - 3);
}
