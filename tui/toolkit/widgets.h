/* widgets - a one-line input field and a menu of choices, on the form and
 * menu libraries. They know nothing of the screens that use them: the
 * caller keeps the values, and rebuilds a widget whenever a screen is
 * entered or the terminal resized. */
#ifndef PTRDOCTOR_WIDGETS_H
#define PTRDOCTOR_WIDGETS_H

#include <form.h>
#include <menu.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "action.h"

/* One input field on stdscr; all NULL when not built. */
struct input_field {
	FORM *form;
	FIELD *fields[2];
	WINDOW *sub;
};

/* A menu of copied labels on stdscr; all NULL when not built. */
struct choices {
	MENU *menu;
	ITEM **items;
	size_t count;
	WINDOW *sub;
};

/* form_edit - one key for a form: editing keys and printable characters. */
bool form_edit(FORM *form, wint_t ch, bool key_code);

/* input_build - a field of width at y,x holding value, at most max
 * characters, on background back. A failure leaves it unbuilt. */
void input_build(struct input_field *in, int y, int x, int width, const char *value, int max, attr_t back);
void input_free(struct input_field *in);
/* input_type - a key for the field; false when it is not one it takes. */
bool input_type(struct input_field *in, wint_t ch, bool key_code);
/* input_value - the text, blanks at both ends cut; "" when unbuilt. */
void input_value(struct input_field *in, char *buf, size_t size);
/* input_show - redraw after the frame was erased; the cursor in the
 * field when cursor is true. */
void input_show(struct input_field *in, bool cursor);

/* choices_build - count labels (copied) in a menu of height rows at y,x,
 * selected first selected, the selection drawn in fore. */
void choices_build(struct choices *c, int y, int x, int height, int width, const char *const *labels, size_t count,
		   int selected, attr_t fore);
void choices_free(struct choices *c);
/* choices_move - Up, Down, Page, Home, End and Tab move the selection. */
bool choices_move(struct choices *c, enum action action);
/* choices_selected - the index of the selected label, -1 when unbuilt. */
int choices_selected(const struct choices *c);
void choices_show(struct choices *c);

#endif
