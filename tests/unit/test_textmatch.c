/* test_textmatch - matching from an offset, and flattening a reply. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bounce/textmatch.h"

static void find__offsets_groups_and_anchor(void **state)
{
	(void)state;
	regmatch_t m[2];
	const char *text = "a=1 b=2 B=3";
	assert_true(textmatch_find("b=([0-9])", text, 0, m, 2));
	assert_int_equal(m[1].rm_so, 6); /* offsets are into the whole text */
	assert_true(textmatch_find("b=([0-9])", text, 7, m, 2));
	assert_int_equal(m[0].rm_so, 8); /* case-insensitive: B=3 */
	assert_false(textmatch_find("^b=", text, 4, m, 1)); /* ^ is the text's start only */
	char out[16];
	textmatch_copy(text, &m[0], out, sizeof out);
	assert_string_equal(out, "B=3");
}

static void flatten__folds_and_repeated_prefixes(void **state)
{
	(void)state;
	char *flat = textmatch_flatten("550-5.7.25 one\r\n\t550-5.7.25 two\n550 5.7.25 three  ");
	assert_non_null(flat);
	assert_string_equal(flat, "550-5.7.25 one two three");
	free(flat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find__offsets_groups_and_anchor),
		cmocka_unit_test(flatten__folds_and_repeated_prefixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
