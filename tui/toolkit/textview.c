/* textview - lines of text with attributes, scrolled in a rectangle. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "textview.h"

#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "wrap.h"

void textview_clear(struct textview *tv)
{
	for (size_t i = 0; i < tv->count; i++)
		free(tv->lines[i].text);
	free(tv->lines);
	memset(tv, 0, sizeof *tv);
}

void textview_add_marked(struct textview *tv, const char *mark, attr_t mark_attr, attr_t attr, const char *text)
{
	if (tv->count == tv->capacity) {
		size_t cap = tv->capacity ? tv->capacity * 2 : 32;
		struct textview_line *grown = realloc(tv->lines, cap * sizeof *grown);
		if (!grown)
			return;
		tv->lines = grown;
		tv->capacity = cap;
	}
	char *copy = strdup(text ? text : "");
	if (!copy)
		return;
	tv->lines[tv->count++] = (struct textview_line){copy, attr, mark, mark_attr};
}

void textview_add(struct textview *tv, attr_t attr, const char *text)
{
	textview_add_marked(tv, NULL, 0, attr, text);
}

void textview_add_wrapped_marked(struct textview *tv, const char *mark, attr_t mark_attr, attr_t attr, int width,
				 int indent, int hang, const char *text)
{
	const char *p = text ? text : "";
	char line[1024];
	bool first = true;
	if (!*p)
		textview_add_marked(tv, mark, mark_attr, attr, "");
	while (*p) {
		int pad = first ? indent : hang;
		int avail = width - pad > 10 ? width - pad : 10;
		int skip, len = wrap_cut(p, avail, &skip);
		int n = len < (int)sizeof line - pad - 1 ? len : (int)sizeof line - pad - 1;
		memset(line, ' ', (size_t)pad);
		memcpy(line + pad, p, (size_t)n);
		line[pad + n] = '\0';
		textview_add_marked(tv, first ? mark : NULL, mark_attr, attr, line);
		p += len + skip;
		first = false;
	}
}

void textview_add_wrapped(struct textview *tv, attr_t attr, int width, int indent, const char *text)
{
	textview_add_wrapped_marked(tv, NULL, 0, attr, width, indent, indent, text);
}

void textview_draw(const struct textview *tv, WINDOW *win, int y, int x, int height, int width)
{
	for (int row = 0; row < height; row++) {
		size_t i = (size_t)(tv->top + row);
		if (i >= tv->count)
			break;
		const struct textview_line *l = &tv->lines[i];
		int col = 0;
		if (l->mark) {
			wattron(win, l->mark_attr);
			mvwaddstr(win, y + row, x, l->mark);
			wattroff(win, l->mark_attr);
			col = 2;
		}
		term_text(win, y + row, x + col, width - col - 1, l->text, l->attr);
	}
	if (tv->top > 0)
		mvwaddch(win, y, x + width - 1, '^');
	if ((size_t)(tv->top + height) < tv->count)
		mvwaddch(win, y + height - 1, x + width - 1, 'v');
}

bool textview_scroll(struct textview *tv, enum action action, int height)
{
	int max_top = (int)tv->count - height > 0 ? (int)tv->count - height : 0;
	switch (action) {
	case ACTION_UP: tv->top--; break;
	case ACTION_DOWN: tv->top++; break;
	case ACTION_PAGE_UP: tv->top -= height - 1; break;
	case ACTION_PAGE_DOWN: tv->top += height - 1; break;
	case ACTION_HOME: tv->top = 0; break;
	case ACTION_END: tv->top = max_top; break;
	default: return false;
	}
	if (tv->top > max_top)
		tv->top = max_top;
	if (tv->top < 0)
		tv->top = 0;
	return true;
}
