/* widgets - the form field and the menu the screens share, on the form
 * and menu libraries. The model keeps the values; widgets are rebuilt
 * whenever a screen is entered or the terminal resized. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "widgets.h"

void input_build(struct input_field *in, int y, int x, int width, const char *value, int max, attr_t back)
{
	input_free(in);
	in->fields[0] = new_field(1, width, 0, 0, 0, 0);
	in->fields[1] = NULL;
	if (!in->fields[0])
		return;
	field_opts_off(in->fields[0], O_AUTOSKIP | O_STATIC | O_BLANK);
	set_max_field(in->fields[0], max);
	set_field_back(in->fields[0], back);
	set_field_buffer(in->fields[0], 0, value);
	in->form = new_form(in->fields);
	in->sub = derwin(stdscr, 1, width, y, x);
	if (!in->form || !in->sub) {
		input_free(in);
		return;
	}
	set_form_win(in->form, stdscr);
	set_form_sub(in->form, in->sub);
	post_form(in->form);
	form_driver(in->form, REQ_END_LINE);
}

void input_free(struct input_field *in)
{
	if (in->form) {
		unpost_form(in->form);
		free_form(in->form);
	}
	if (in->fields[0])
		free_field(in->fields[0]);
	if (in->sub)
		delwin(in->sub);
	in->form = NULL;
	in->fields[0] = NULL;
	in->sub = NULL;
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

bool input_type(struct input_field *in, wint_t ch, bool key_code)
{
	return form_edit(in->form, ch, key_code);
}

void input_value(struct input_field *in, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!in->fields[0])
		return;
	form_driver(in->form, REQ_VALIDATION);
	const char *raw = field_buffer(in->fields[0], 0);
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
void input_show(struct input_field *in, bool cursor)
{
	if (!in->form)
		return;
	unpost_form(in->form);
	post_form(in->form);
	curs_set(cursor ? 1 : 0);
	pos_form_cursor(in->form);
}

void choices_build(struct choices *c, int y, int x, int height, int width, const char *const *labels, size_t count,
		   int selected, attr_t fore)
{
	choices_free(c);
	c->items = calloc(count + 1, sizeof *c->items);
	if (!c->items)
		return;
	for (size_t i = 0; i < count; i++) {
		char *copy = strdup(labels[i]);
		c->items[i] = copy ? new_item(copy, "") : NULL;
		if (!c->items[i]) {
			free(copy);
			break;
		}
		c->count++;
	}
	c->menu = new_menu(c->items);
	c->sub = derwin(stdscr, height, width, y, x);
	if (!c->menu || !c->sub) {
		choices_free(c);
		return;
	}
	set_menu_win(c->menu, stdscr);
	set_menu_sub(c->menu, c->sub);
	set_menu_format(c->menu, height, 1);
	set_menu_mark(c->menu, "> ");
	set_menu_fore(c->menu, fore);
	menu_opts_off(c->menu, O_SHOWDESC);
	post_menu(c->menu);
	if (selected > 0 && (size_t)selected < c->count)
		set_current_item(c->menu, c->items[selected]);
}

void choices_free(struct choices *c)
{
	if (c->menu) {
		unpost_menu(c->menu);
		free_menu(c->menu);
	}
	for (size_t i = 0; i < c->count; i++) {
		free((char *)item_name(c->items[i]));
		free_item(c->items[i]);
	}
	free(c->items);
	if (c->sub)
		delwin(c->sub);
	c->menu = NULL;
	c->items = NULL;
	c->count = 0;
	c->sub = NULL;
}

bool choices_move(struct choices *c, enum action action)
{
	if (!c->menu)
		return false;
	switch (action) {
	case ACTION_UP: case ACTION_FOCUS_PREV: menu_driver(c->menu, REQ_UP_ITEM); return true;
	case ACTION_DOWN: case ACTION_FOCUS_NEXT: menu_driver(c->menu, REQ_DOWN_ITEM); return true;
	case ACTION_PAGE_UP: menu_driver(c->menu, REQ_SCR_UPAGE); return true;
	case ACTION_PAGE_DOWN: menu_driver(c->menu, REQ_SCR_DPAGE); return true;
	case ACTION_HOME: menu_driver(c->menu, REQ_FIRST_ITEM); return true;
	case ACTION_END: menu_driver(c->menu, REQ_LAST_ITEM); return true;
	default: return false;
	}
}

int choices_selected(const struct choices *c)
{
	return c->menu ? item_index(current_item(c->menu)) : -1;
}

void choices_show(struct choices *c)
{
	if (!c->menu)
		return;
	int index = choices_selected(c);
	if (index < 0 || (size_t)index >= c->count)
		return;
	int top = top_row(c->menu);
	unpost_menu(c->menu);
	post_menu(c->menu);
	set_top_row(c->menu, top);
	set_current_item(c->menu, c->items[index]);
}
