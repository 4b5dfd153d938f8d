/* bounce_repair - undo what pasting did to a bounce before it is read. */
#define _POSIX_C_SOURCE 200809L
#include "bounce_repair.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct notes {
	char (*text)[BOUNCE_REPAIR_NOTE_MAX];
	size_t max, count;
};

static void note(struct notes *n, const char *fmt, ...)
{
	if (n->count >= n->max)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(n->text[n->count++], BOUNCE_REPAIR_NOTE_MAX, fmt, ap);
	va_end(ap);
}

static size_t occurrences(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + strlen(what), what))
		n++;
	return n;
}

/* replace_all - s (freed) with every `from` replaced by `to`. */
static char *replace_all(char *s, const char *from, const char *to)
{
	size_t n = occurrences(s, from), lf = strlen(from), lt = strlen(to);
	if (!s || n == 0)
		return s;
	char *out = malloc(strlen(s) + n * (lt > lf ? lt - lf : 0) + 1), *o = out;
	if (!out) {
		free(s);
		return NULL;
	}
	for (const char *p = s, *hit; *p; p = hit + lf) {
		hit = strstr(p, from);
		if (!hit) {
			strcpy(o, p);
			o += strlen(p);
			break;
		}
		memcpy(o, p, (size_t)(hit - p));
		o += hit - p;
		memcpy(o, to, lt);
		o += lt;
	}
	*o = '\0';
	free(s);
	return out;
}

/* escaped_newlines - "\n" written out by a log viewer or a JSON dump, and
 * syslog's #012. */
static char *escaped_newlines(char *s, struct notes *n)
{
	size_t real = occurrences(s, "\n"), written = occurrences(s, "\\n");
	if (written >= 2 && written > real) {
		s = replace_all(replace_all(replace_all(s, "\\r\\n", "\n"), "\\n", "\n"), "\\t", " ");
		note(n, "line breaks written as \\n turned back into line breaks");
	}
	if (s && occurrences(s, "#012") > 0) {
		s = replace_all(replace_all(s, "#012", "\n"), "#011", " ");
		note(n, "syslog's #012 turned back into line breaks");
	}
	return s;
}

/* underscores - a log viewer that turned every space into "_". */
static char *underscores(char *s, struct notes *n)
{
	if (occurrences(s, " ") > 0 || occurrences(s, "_") < 5)
		return s;
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	note(n, "underscores turned back into spaces");
	return s;
}

bool bounce_reply_code_at(const char *p)
{
	return (p[0] == '4' || p[0] == '5') && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
	       (p[3] == '-' || p[3] == ' ') && isdigit((unsigned char)p[4]) && p[5] == '.';
}

/* slashes - reply lines joined with " / " by a log viewer. */
static char *slashes(char *s, struct notes *n)
{
	size_t changed = 0;
	for (char *p = strchr(s, '/'); p; p = strchr(p + 1, '/')) {
		char *q = p + 1;
		while (*q == ' ')
			q++;
		if (bounce_reply_code_at(q) && p > s && p[-1] != ':') { /* not "https://" */
			*p = '\n';
			changed++;
		}
	}
	if (changed)
		note(n, "slashes between reply lines turned back into line breaks");
	return s;
}

/* lines - each line of s in turn: fn rewrites it into out (a buffer as
 * large as s plus two bytes a line). */
typedef size_t (*line_fn)(const char *line, size_t len, char *out, void *ctx);

static char *each_line(char *s, line_fn fn, void *ctx)
{
	size_t lines = occurrences(s, "\n") + 1;
	char *out = malloc(strlen(s) + 2 * lines + 1), *o = out;
	if (!out) {
		free(s);
		return NULL;
	}
	for (const char *p = s;;) {
		size_t len = strcspn(p, "\n");
		o += fn(p, len, o, ctx);
		if (!p[len])
			break;
		*o++ = '\n';
		p += len + 1;
	}
	*o = '\0';
	free(s);
	return out;
}

static size_t indentation(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i;
}

struct dedent {
	size_t by, lines;
};

static size_t dedent_line(const char *line, size_t len, char *out, void *ctx)
{
	struct dedent *d = ctx;
	size_t skip = indentation(line, len) < d->by ? indentation(line, len) : d->by;
	memcpy(out, line + skip, len - skip);
	d->lines += skip > 0;
	return len - skip;
}

/* dedent - indentation added to every line (a code block in a forum). */
static char *dedent(char *s, struct notes *n)
{
	size_t by = (size_t)-1, nonempty = 0;
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, "\n"), ind = indentation(p, len);
		if (ind < len) {
			nonempty++;
			by = ind < by ? ind : by;
		}
		p += len + (p[len] == '\n');
	}
	if (nonempty < 2 || by == 0 || by == (size_t)-1)
		return s;
	struct dedent d = {by, 0};
	s = each_line(s, dedent_line, &d);
	if (s)
		note(n, "indentation added to every line removed");
	return s;
}

struct quotes {
	size_t lines;
};

static size_t unquote_line(const char *line, size_t len, char *out, void *ctx)
{
	struct quotes *q = ctx;
	size_t i = indentation(line, len), start = i;
	while (i < len && (line[i] == '>' || (line[i] == '|' && i + 1 < len && line[i + 1] == ' '))) {
		i++;
		if (i < len && line[i] == ' ')
			i++;
	}
	if (i == start)
		i = 0;
	else
		q->lines++;
	memcpy(out, line + i, len - i);
	return len - i;
}

/* quotes - "> " and "| " before the lines of a quoted mail or a table. */
static char *quotes(char *s, struct notes *n)
{
	struct quotes q = {0};
	s = each_line(s, unquote_line, &q);
	if (s && q.lines)
		note(n, "quote marks removed from %zu line%s", q.lines, q.lines == 1 ? "" : "s");
	return s;
}

struct received {
	bool open; /* a Received header whose "; date" has not come yet */
	size_t lines;
};

static bool header_name_at(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && (isalnum((unsigned char)line[i]) || line[i] == '-'))
		i++;
	return i > 0 && i < len && line[i] == ':';
}

static size_t reindent_line(const char *line, size_t len, char *out, void *ctx)
{
	struct received *r = ctx;
	size_t o = 0;
	bool continuation = r->open && len > 0 && !isspace((unsigned char)line[0]) && !header_name_at(line, len);
	if (continuation) {
		out[o++] = ' ';
		r->lines++;
	}
	memcpy(out + o, line, len);
	if (len >= 9 && strncasecmp(line, "Received:", 9) == 0)
		r->open = !memchr(line, ';', len);
	else if (continuation || (len > 0 && isspace((unsigned char)line[0])))
		r->open = r->open && !memchr(line, ';', len);
	else
		r->open = false;
	return o + len;
}

/* received_continuations - a Received header's continuation lines that
 * lost their indentation (they would read as lines of their own). */
static char *received_continuations(char *s, struct notes *n)
{
	struct received r = {false, 0};
	s = each_line(s, reindent_line, &r);
	if (s && r.lines)
		note(n, "%zu continuation line%s of Received headers indented again", r.lines, r.lines == 1 ? "" : "s");
	return s;
}

/* bold_marks - markdown's ** around words go, in place; a ** standing
 * alone between blanks (Exim's log mark for a failed delivery) stays.
 * How many went. */
static size_t bold_marks(char *s)
{
	size_t gone = 0;
	for (char *p = strstr(s, "**"); p; p = strstr(p, "**")) {
		bool alone = (p == s || p[-1] == ' ' || p[-1] == '\n') && (p[2] == ' ' || p[2] == '\0');
		if (alone) {
			p += 2;
			continue;
		}
		memmove(p, p + 2, strlen(p + 2) + 1);
		gone++;
	}
	return gone;
}

/* markdown - [text](link) becomes text; ** and ` marks go. */
static char *markdown(char *s, struct notes *n)
{
	size_t changed = 0;
	for (char *open = strchr(s, '['); open; open = strchr(open + 1, '[')) {
		char *close = strchr(open, ']');
		char *end = close && close[1] == '(' ? strchr(close, ')') : NULL;
		if (!end || memchr(open, '\n', (size_t)(end - open)))
			continue;
		size_t text_len = (size_t)(close - open - 1);
		memmove(open, open + 1, text_len);
		memmove(open + text_len, end + 1, strlen(end + 1) + 1);
		changed++;
	}
	size_t marks = bold_marks(s) + occurrences(s, "`");
	s = replace_all(s, "`", "");
	if (s && (changed || marks))
		note(n, "markdown links and marks removed");
	return s;
}

char *bounce_repair(const char *text, char notes[][BOUNCE_REPAIR_NOTE_MAX], size_t max, size_t *count)
{
	struct notes n = {notes, max, 0};
	char *s = strdup(text);
	char *(*const steps[])(char *, struct notes *) = {escaped_newlines, underscores, slashes, dedent,
							    quotes, received_continuations, markdown};
	for (size_t i = 0; s && i < sizeof steps / sizeof steps[0]; i++)
		s = steps[i](s, &n);
	*count = n.count;
	return s;
}
