/* widgets - the form field and the menu the screens share, on the form
 * and menu libraries. The model keeps the values; widgets are rebuilt
 * whenever a screen is entered or the terminal resized. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "widgets.h"
#include "wizard.h"

void input_build(struct wizard *w, int y, int x, int width, const char *value)
{
	input_free(w);
	w->fields[0] = new_field(1, width, 0, 0, 0, 0);
	w->fields[1] = NULL;
	if (!w->fields[0])
		return;
	field_opts_off(w->fields[0], O_AUTOSKIP | O_STATIC | O_BLANK);
	set_max_field(w->fields[0], WIZARD_INPUT_MAX);
	set_field_back(w->fields[0], w->theme.field);
	set_field_buffer(w->fields[0], 0, value);
	w->form = new_form(w->fields);
	w->form_sub = derwin(stdscr, 1, width, y, x);
	if (!w->form || !w->form_sub) {
		input_free(w);
		return;
	}
	set_form_win(w->form, stdscr);
	set_form_sub(w->form, w->form_sub);
	post_form(w->form);
	form_driver(w->form, REQ_END_LINE);
}

void input_free(struct wizard *w)
{
	if (w->form) {
		unpost_form(w->form);
		free_form(w->form);
	}
	if (w->fields[0])
		free_field(w->fields[0]);
	if (w->form_sub)
		delwin(w->form_sub);
	w->form = NULL;
	w->fields[0] = NULL;
	w->form_sub = NULL;
}

/* form_edit - editing keys and printable characters go to the form's
 * field; control characters never do. */
bool form_edit(FORM *form, wint_t ch, bool key_code)
{
	static const struct {
		wint_t key;
		int request;
	} edits[] = {
		{KEY_BACKSPACE, REQ_DEL_PREV}, {127, REQ_DEL_PREV}, {8, REQ_DEL_PREV},
		{KEY_DC, REQ_DEL_CHAR}, {KEY_LEFT, REQ_LEFT_CHAR}, {KEY_RIGHT, REQ_RIGHT_CHAR},
		{KEY_HOME, REQ_BEG_LINE}, {1, REQ_BEG_LINE}, {KEY_END, REQ_END_LINE}, {5, REQ_END_LINE},
		{21, REQ_CLR_FIELD}, {11, REQ_CLR_EOL},
	};
	if (!form)
		return false;
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		bool is_code = edits[i].key >= KEY_MIN;
		if (edits[i].key == ch && is_code == key_code) {
			form_driver(form, edits[i].request);
			form_driver(form, REQ_VALIDATION);
			return true;
		}
	}
	if (key_code || !iswprint(ch))
		return false;
	form_driver_w(form, OK, (wchar_t)ch);
	form_driver(form, REQ_VALIDATION);
	return true;
}

bool input_type(struct wizard *w, wint_t ch, bool key_code)
{
	return form_edit(w->form, ch, key_code);
}

void input_value(struct wizard *w, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!w->fields[0])
		return;
	form_driver(w->form, REQ_VALIDATION);
	const char *raw = field_buffer(w->fields[0], 0);
	while (raw && *raw == ' ')
		raw++;
	size_t len = raw ? strlen(raw) : 0;
	while (len > 0 && raw[len - 1] == ' ')
		len--;
	if (len >= size)
		len = size - 1;
	if (raw)
		memcpy(buf, raw, len);
	buf[len] = '\0';
}

/* input_show - redraw after the frame was erased, cursor in the field. */
void input_show(struct wizard *w)
{
	if (!w->form)
		return;
	unpost_form(w->form);
	post_form(w->form);
	curs_set(w->overlay.kind == OVERLAY_NONE ? 1 : 0);
	pos_form_cursor(w->form);
}

void choices_build(struct wizard *w, int y, int x, int height, int width, const char *const *labels, size_t count,
		int selected)
{
	choices_free(w);
	w->items = calloc(count + 1, sizeof *w->items);
	if (!w->items)
		return;
	for (size_t i = 0; i < count; i++) {
		char *copy = strdup(labels[i]);
		w->items[i] = copy ? new_item(copy, "") : NULL;
		if (!w->items[i]) {
			free(copy);
			break;
		}
		w->item_count++;
	}
	w->menu = new_menu(w->items);
	w->menu_sub = derwin(stdscr, height, width, y, x);
	if (!w->menu || !w->menu_sub) {
		choices_free(w);
		return;
	}
	set_menu_win(w->menu, stdscr);
	set_menu_sub(w->menu, w->menu_sub);
	set_menu_format(w->menu, height, 1);
	set_menu_mark(w->menu, "> ");
	set_menu_fore(w->menu, w->theme.selected);
	menu_opts_off(w->menu, O_SHOWDESC);
	post_menu(w->menu);
	if (selected > 0 && (size_t)selected < w->item_count)
		set_current_item(w->menu, w->items[selected]);
}

void choices_free(struct wizard *w)
{
	if (w->menu) {
		unpost_menu(w->menu);
		free_menu(w->menu);
	}
	for (size_t i = 0; i < w->item_count; i++) {
		free((char *)item_name(w->items[i]));
		free_item(w->items[i]);
	}
	free(w->items);
	if (w->menu_sub)
		delwin(w->menu_sub);
	w->menu = NULL;
	w->items = NULL;
	w->item_count = 0;
	w->menu_sub = NULL;
}

bool choices_move(struct wizard *w, enum action action)
{
	if (!w->menu)
		return false;
	switch (action) {
	case ACTION_UP: case ACTION_FOCUS_PREV: menu_driver(w->menu, REQ_UP_ITEM); return true;
	case ACTION_DOWN: case ACTION_FOCUS_NEXT: menu_driver(w->menu, REQ_DOWN_ITEM); return true;
	case ACTION_PAGE_UP: menu_driver(w->menu, REQ_SCR_UPAGE); return true;
	case ACTION_PAGE_DOWN: menu_driver(w->menu, REQ_SCR_DPAGE); return true;
	case ACTION_HOME: menu_driver(w->menu, REQ_FIRST_ITEM); return true;
	case ACTION_END: menu_driver(w->menu, REQ_LAST_ITEM); return true;
	default: return false;
	}
}

int choices_selected(const struct wizard *w)
{
	return w->menu ? item_index(current_item(w->menu)) : -1;
}

void choices_show(struct wizard *w)
{
	if (!w->menu)
		return;
	int index = choices_selected(w);
	if (index < 0 || (size_t)index >= w->item_count)
		return;
	int top = top_row(w->menu);
	unpost_menu(w->menu);
	post_menu(w->menu);
	set_top_row(w->menu, top);
	set_current_item(w->menu, w->items[index]);
}
