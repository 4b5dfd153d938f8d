/* wrap - where a line of text breaks, and how a line too long for its
 * place is shortened. Pure functions on escaped text (ASCII, one column a
 * byte: term_text escapes before it draws), so they are unit-tested.
 *
 * A line breaks at the last space that fits. A word longer than the whole
 * width (a long name) breaks after a dot, so no label is ever split; only
 * a word without a dot in reach is cut at the width. A line too long for
 * its place drops labels from the middle of its longest word and shows an
 * ellipsis there, so a name keeps its host and its zone; text whose
 * longest word is short, or would lose more than half, is cut at the end. */
#ifndef PTRDOCTOR_WRAP_H
#define PTRDOCTOR_WRAP_H

#include <stdbool.h>
#include <stddef.h>

/* wrap_cut - how many bytes of text go on a line of width columns (> 0);
 * *skip is 1 when the byte after them (a space or a newline) is eaten by
 * the break, else 0. */
int wrap_cut(const char *text, int width, int *skip);

/* wrap_elide - false when text fits in width columns (width must be
 * more than ellipsis_cols). Else: show
 * text[0, *head), an ellipsis of ellipsis_cols columns, then text from
 * *tail on (*tail is strlen(text) when the text is cut at the end). The
 * result fits in width. */
bool wrap_elide(const char *text, int width, int ellipsis_cols, size_t *head, size_t *tail);

#endif
