/* wrap - where a line of text breaks, and how a long line is shortened. */
#include "wrap.h"

#include <string.h>

/* A word is shortened in its middle only when this much of it stays, and
 * only when it is a long name or keeps half of itself: a short name cut
 * to "113…arpa" says less than the end of its sentence would. */
#define WORD_KEEP_MIN 8
#define WORD_LONG 32

int wrap_cut(const char *text, int width, int *skip)
{
	int len = (int)strcspn(text, "\n");
	*skip = text[len] == '\n';
	if (len <= width)
		return len;
	*skip = 0;
	int cut = width;
	while (cut > 0 && text[cut] != ' ')
		cut--;
	if (cut > 0) {
		*skip = 1;
		return cut;
	}
	/* one word longer than the line: after its last dot in reach */
	cut = width;
	while (cut > 1 && text[cut - 1] != '.')
		cut--;
	return cut > 1 ? cut : width;
}

/* longest_word - the start and length of the longest run without a space. */
static size_t longest_word(const char *text, size_t *start)
{
	size_t best = 0;
	*start = 0;
	for (size_t i = 0; text[i];) {
		size_t len = strcspn(text + i, " ");
		if (len > best) {
			best = len;
			*start = i;
		}
		i += len + (text[i + len] == ' ');
	}
	return best;
}

bool wrap_elide(const char *text, int width, int ellipsis_cols, size_t *head, size_t *tail)
{
	size_t len = strlen(text);
	if (width < 0)
		width = 0;
	if (len <= (size_t)width)
		return false;
	size_t over = len - (size_t)width + (size_t)ellipsis_cols; /* bytes to drop */
	size_t start, word = longest_word(text, &start);
	if (word >= over + WORD_KEEP_MIN && (word >= WORD_LONG || over * 2 <= word)) {
		size_t keep = word - over, end = start + word;
		size_t h = start + keep * 2 / 5, t = end - (keep - keep * 2 / 5);
		/* whole labels: the head ends before a dot, the tail starts after one */
		size_t dot = h;
		while (dot > start && text[dot] != '.')
			dot--;
		if (dot > start)
			h = dot;
		dot = t;
		while (dot < end && text[dot - 1] != '.')
			dot++;
		if (dot < end)
			t = dot;
		*head = h;
		*tail = t;
		return true;
	}
	*head = (size_t)width > (size_t)ellipsis_cols ? (size_t)width - (size_t)ellipsis_cols : 0;
	*tail = len;
	return true;
}
