/* widgets - the form field and the menu the screens share, on the form
 * and menu libraries. The model keeps the values; widgets are rebuilt
 * whenever a screen is entered or the terminal resized. */
#ifndef PTRDOCTOR_WIDGETS_H
#define PTRDOCTOR_WIDGETS_H

#include <form.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "keys.h"

struct wizard;

/* form_edit - one key for a form: editing keys and printable characters. */
bool form_edit(FORM *form, wint_t ch, bool key_code);

/* The input field of the two input screens. */
void input_build(struct wizard *w, int y, int x, int width, const char *value);
void input_free(struct wizard *w);
bool input_type(struct wizard *w, wint_t ch, bool key_code);
void input_value(struct wizard *w, char *buf, size_t size);
void input_show(struct wizard *w);

/* Menu helpers (widgets.c): items are copied. */
void choices_build(struct wizard *w, int y, int x, int height, int width, const char *const *labels, size_t count,
		int selected);
void choices_free(struct wizard *w);
bool choices_move(struct wizard *w, enum action action);
int choices_selected(const struct wizard *w);
void choices_show(struct wizard *w);

#endif
