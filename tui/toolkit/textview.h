/* textview - lines of text with attributes, scrolled in a rectangle.
 *
 * Used by every long text: the verdict, help, a step's whole answer, the
 * support request. Lines are copied in; wrapping happens as they are
 * added, for a given width. */
#ifndef PTRDOCTOR_TEXTVIEW_H
#define PTRDOCTOR_TEXTVIEW_H

#include <curses.h>
#include <stddef.h>

#include "action.h"

struct textview_line {
	char *text;       /* owned; drawn escaped */
	attr_t attr;
	const char *mark; /* optional mark drawn before the text (static) */
	attr_t mark_attr;
};

struct textview {
	struct textview_line *lines;
	size_t count, capacity;
	int top;          /* first line shown */
};

void textview_clear(struct textview *tv);

/* textview_add - one line, cut at draw time when too long. */
void textview_add(struct textview *tv, attr_t attr, const char *text);

/* textview_add_marked - a line with a mark before it. */
void textview_add_marked(struct textview *tv, const char *mark, attr_t mark_attr, attr_t attr, const char *text);

/* textview_add_wrapped - text wrapped at width, every line indented;
 * newlines in text start new lines. */
void textview_add_wrapped(struct textview *tv, attr_t attr, int width, int indent, const char *text);

/* textview_add_wrapped_marked - like textview_add_wrapped, with a mark on
 * the first line; indent for the first line, hang for the others. */
void textview_add_wrapped_marked(struct textview *tv, const char *mark, attr_t mark_attr, attr_t attr, int width,
				 int indent, int hang, const char *text);

/* textview_draw - lines from top into the rectangle; a scroll hint on the
 * last column when there is more. */
void textview_draw(const struct textview *tv, WINDOW *win, int y, int x, int height, int width);

/* textview_scroll - apply a movement action for a view of this height;
 * returns false for actions that are not movements. */
bool textview_scroll(struct textview *tv, enum action action, int height);

#endif
