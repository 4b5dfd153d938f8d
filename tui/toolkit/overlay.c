/* overlay - one modal box over the screen, on the panel library. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "overlay.h"

#include <stdio.h>
#include <string.h>

#include "widgets.h"

static void box_geometry(enum overlay_kind kind, int rows, int cols, int *y, int *x, int *h, int *width)
{
	*width = cols - 8 > 100 ? 100 : cols - 8;
	*h = rows - 4;
	if (kind == OVERLAY_CONFIRM_QUIT || kind == OVERLAY_SAVE) {
		*h = 7;
		*width = cols - 10 > 70 ? 70 : cols - 10;
	}
	*y = (rows - *h) / 2;
	*x = (cols - *width) / 2;
}

static void open_box(struct overlay *o, int rows, int cols, enum overlay_kind kind, const char *title)
{
	overlay_close(o);
	o->kind = kind;
	snprintf(o->title, sizeof o->title, "%s", title);
	int y, x, h, width;
	box_geometry(kind, rows, cols, &y, &x, &h, &width);
	o->win = newwin(h, width, y, x);
	if (!o->win) {
		o->kind = OVERLAY_NONE;
		return;
	}
	o->panel = new_panel(o->win);
	keypad(o->win, TRUE);
}

void overlay_open_text(struct overlay *o, int rows, int cols, const char *title, const char *text)
{
	open_box(o, rows, cols, OVERLAY_TEXT, title);
	int y, x, h, width;
	box_geometry(OVERLAY_TEXT, rows, cols, &y, &x, &h, &width);
	textview_add_wrapped(&o->view, A_NORMAL, width - 4, 0, text);
}

void overlay_open_confirm_quit(struct overlay *o, int rows, int cols)
{
	open_box(o, rows, cols, OVERLAY_CONFIRM_QUIT, "Quit?");
	textview_add(&o->view, A_NORMAL, "A check is still running.");
	textview_add(&o->view, A_BOLD, "Quit anyway?  y = quit, n or Esc = stay");
}

void overlay_open_save(struct overlay *o, int rows, int cols, const struct theme *theme, const char *default_path)
{
	open_box(o, rows, cols, OVERLAY_SAVE, "Save the report");
	if (o->kind != OVERLAY_SAVE)
		return;
	textview_add(&o->view, A_NORMAL, "File name (Enter saves, Esc cancels):");
	int width = getmaxx(o->win) - 4;
	o->fields[0] = new_field(1, width, 0, 0, 0, 0);
	field_opts_off(o->fields[0], O_AUTOSKIP | O_STATIC | O_BLANK);
	set_max_field(o->fields[0], 1024);
	set_field_back(o->fields[0], theme->field);
	set_field_buffer(o->fields[0], 0, default_path);
	o->form = new_form(o->fields);
	set_form_win(o->form, o->win);
	set_form_sub(o->form, derwin(o->win, 1, width, 3, 2));
	post_form(o->form);
	form_driver(o->form, REQ_END_LINE);
}

void overlay_close(struct overlay *o)
{
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

void overlay_draw(struct overlay *o, const struct theme *theme)
{
	if (o->kind == OVERLAY_NONE || !o->win)
		return;
	int h = getmaxy(o->win), width = getmaxx(o->win);
	werase(o->win);
	if (theme->utf8)
		box_set(o->win, WACS_VLINE, WACS_HLINE);
	else
		box(o->win, '|', '-');
	term_text(o->win, 0, 2, width - 4, o->title, A_BOLD);
	int body = o->kind == OVERLAY_TEXT ? h - 3 : h - 2;
	textview_draw(&o->view, o->win, 1, 2, body, width - 3);
	if (o->kind == OVERLAY_TEXT)
		term_text(o->win, h - 1, 2, width - 4, " Up/Down/PgUp/PgDn scroll  Esc or Enter closes ", theme->dim);
	if (o->form) {
		unpost_form(o->form);
		post_form(o->form);
	}
	top_panel(o->panel);
}

static enum overlay_result save_key(struct overlay *o, wint_t ch, bool key_code, char *path, size_t size)
{
	if (!key_code && (ch == '\r' || ch == '\n')) {
		form_driver(o->form, REQ_VALIDATION);
		snprintf(path, size, "%s", field_buffer(o->fields[0], 0));
		size_t len = strlen(path);
		while (len > 0 && path[len - 1] == ' ')
			path[--len] = '\0';
		overlay_close(o);
		return len == 0 ? OVERLAY_SAVE_NO_NAME : OVERLAY_SAVE_TO;
	}
	if (!key_code && ch == 27) {
		overlay_close(o);
		return OVERLAY_CLOSED;
	}
	form_edit(o->form, ch, key_code);
	return OVERLAY_KEPT;
}

enum overlay_result overlay_key(struct overlay *o, enum action action, wint_t ch, bool key_code, char *path,
				size_t size)
{
	if (o->kind == OVERLAY_SAVE)
		return save_key(o, ch, key_code, path, size);
	if (o->kind == OVERLAY_CONFIRM_QUIT) {
		bool yes = !key_code && (ch == 'y' || ch == 'Y');
		if (yes || (!key_code && (ch == 'n' || ch == 'N' || ch == 27))) {
			overlay_close(o);
			return yes ? OVERLAY_QUIT : OVERLAY_CLOSED;
		}
		return OVERLAY_KEPT;
	}
	if (action == ACTION_NONE && !key_code && ch == ' ')
		action = ACTION_PAGE_DOWN;
	if (action == ACTION_BACK || action == ACTION_NEXT || action == ACTION_HELP || (!key_code && ch == 'q')) {
		overlay_close(o);
		return OVERLAY_CLOSED;
	}
	textview_scroll(&o->view, action, getmaxy(o->win) - 3);
	return OVERLAY_KEPT;
}
