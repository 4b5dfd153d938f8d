/* test_wrap - lines break at spaces, long names after a dot (never inside
 * a label), and a line too long for its place loses labels from the
 * middle of its longest word, at and around the column limit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "toolkit/wrap.h"

/* 73 characters: 32 nibbles and ip6.arpa. */
#define IP6_NAME "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."

/* wrap_all - every line of text at width, into lines; each one fits. */
static int wrap_all(const char *text, int width, char lines[][128], int max)
{
	int n = 0;
	for (const char *p = text; *p && n < max; n++) {
		int skip, len = wrap_cut(p, width, &skip);
		assert_true(len > 0);
		assert_true(len <= width);
		snprintf(lines[n], 128, "%.*s", len, p);
		p += len + skip;
	}
	return n;
}

static void cut__fits_at_the_limit(void **state)
{
	(void)state;
	int skip;
	assert_int_equal(wrap_cut("mail.example.com", 16, &skip), 16);
	assert_int_equal(skip, 0);
	assert_int_equal(wrap_cut("PTR mail.example.com", 19, &skip), 3); /* one column short: the name moves down */
	assert_int_equal(skip, 1);
	assert_int_equal(wrap_cut("PTR mail.example.com", 20, &skip), 20);
	assert_int_equal(wrap_cut("first\nsecond", 40, &skip), 5);
	assert_int_equal(skip, 1);
}

/* An ip6.arpa name at every width from 10 to 73: each line ends after a
 * dot, so no label (not "ip6", not "arpa") is ever split, and the lines
 * put together are the name. */
static void cut__long_name_breaks_after_a_dot(void **state)
{
	(void)state;
	char lines[16][128];
	for (int width = 10; width <= 73; width++) {
		int n = wrap_all(IP6_NAME, width, lines, 16);
		char joined[256] = "";
		for (int i = 0; i < n; i++) {
			size_t len = strlen(lines[i]);
			if (lines[i][len - 1] != '.')
				fail_msg("width %d: line %d \"%s\" splits a label", width, i, lines[i]);
			strcat(joined, lines[i]);
		}
		assert_string_equal(joined, IP6_NAME);
	}
	int n = wrap_all(IP6_NAME, 72, lines, 16);
	assert_int_equal(n, 2);
	assert_string_equal(lines[1], "arpa."); /* "ip6." stays whole on the first line */
	n = wrap_all(IP6_NAME, 66, lines, 16);
	assert_string_equal(lines[1], "ip6.arpa.");
}

static void cut__name_inside_a_sentence(void **state)
{
	(void)state;
	char lines[16][128];
	int n = wrap_all("The PTR of " IP6_NAME " is missing.", 40, lines, 16);
	assert_int_equal(n, 4);
	assert_string_equal(lines[0], "The PTR of");
	assert_string_equal(lines[1], "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.");
	assert_string_equal(lines[2], "0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. is");
	assert_string_equal(lines[3], "missing.");
	/* a word without a dot in reach can only be cut */
	int skip;
	assert_int_equal(wrap_cut("averyveryverylonglabelwithoutanydots", 10, &skip), 10);
}

static void elide__fits_or_not(void **state)
{
	(void)state;
	size_t head, tail;
	assert_false(wrap_elide(IP6_NAME, 73, 1, &head, &tail));
	assert_true(wrap_elide(IP6_NAME, 72, 1, &head, &tail));
}

/* A name one column too long, and much too long: whole labels on both
 * sides of the ellipsis, the zone kept, the result within the width. */
static void elide__name_in_the_middle(void **state)
{
	(void)state;
	size_t head, tail, len = strlen(IP6_NAME);
	for (int width = 20; width < 73; width++) {
		assert_true(wrap_elide(IP6_NAME, width, 1, &head, &tail));
		assert_true(head + 1 + (len - tail) <= (size_t)width);
		assert_true(head > 0 && tail < len && head < tail);
		assert_int_equal(IP6_NAME[head], '.');     /* the head ends where a label ends */
		assert_int_equal(IP6_NAME[tail - 1], '.'); /* the tail starts where one starts */
		assert_string_equal(IP6_NAME + len - 9, "ip6.arpa.");
		assert_true(len - tail >= 9);
	}
	assert_true(wrap_elide(IP6_NAME, 30, 1, &head, &tail));
	char shown[128];
	snprintf(shown, sizeof shown, "%.*s~%s", (int)head, IP6_NAME, IP6_NAME + tail);
	assert_string_equal(shown, "5.2.0.0.0.0~1.0.0.2.ip6.arpa.");
}

/* In a line: the longest word gives way, the words after it stay. */
static void elide__word_in_a_line_and_prose(void **state)
{
	(void)state;
	const char *line = "Does " IP6_NAME " point back? (AAAA)";
	size_t head, tail, len = strlen(line);
	assert_true(wrap_elide(line, 60, 3, &head, &tail));
	assert_true(head + 3 + (len - tail) <= 60);
	assert_true(tail < len - 20);
	char shown[128];
	snprintf(shown, sizeof shown, "%.*s~%s", (int)head, line, line + tail);
	assert_int_equal(strcmp(shown + strlen(shown) - 28, "ip6.arpa. point back? (AAAA)"), 0);
	assert_int_equal(strncmp(line, "Does 5.2.", 9), 0);
	assert_true(head >= 9);
	/* a short name that would lose more than half of itself: the end goes */
	const char *zone = "zone 113.0.203.in-addr.arpa, run by ns1.provider.example (from the authority section)";
	assert_true(wrap_elide(zone, 72, 1, &head, &tail));
	assert_int_equal(head, 71);
	assert_int_equal(tail, strlen(zone));
	/* one that keeps most of itself gives way in its middle */
	const char *helo = "IPv6 addresses of the HELO name mail.example.com (AAAA)";
	assert_true(wrap_elide(helo, 53, 1, &head, &tail));
	assert_int_equal(strncmp(helo + tail, "com (AAAA)", 10), 0);
	/* prose with no long word is cut at its end */
	const char *prose = "the server failed and the name servers of the zone are broken or unreachable";
	assert_true(wrap_elide(prose, 40, 3, &head, &tail));
	assert_int_equal(head, 37);
	assert_int_equal(tail, strlen(prose));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cut__fits_at_the_limit),
		cmocka_unit_test(cut__long_name_breaks_after_a_dot),
		cmocka_unit_test(cut__name_inside_a_sentence),
		cmocka_unit_test(elide__fits_or_not),
		cmocka_unit_test(elide__name_in_the_middle),
		cmocka_unit_test(elide__word_in_a_line_and_prose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
