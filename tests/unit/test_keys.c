/* test_keys - the key table: every action has a key and appears in the
 * help of some screen; lookups find the right action; input screens keep
 * printable keys for typing. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curses.h>
#include <string.h>

#include "wizard/keys.h"

static void every_action__has_a_described_key_in_some_help(void **state)
{
	(void)state;
	size_t count;
	const struct key_binding *table = keys_table(&count);
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		const struct key_binding *described = NULL;
		for (size_t i = 0; i < count; i++)
			if (table[i].action == (enum action)a && table[i].description)
				described = &table[i];
		if (!described)
			fail_msg("action %d has no described key", a);
		bool listed = false;
		for (int s = 0; s < SCREEN_COUNT; s++) {
			char help[4096];
			keys_help_text((enum screen_id)s, help, sizeof help);
			listed |= strstr(help, described->description) != NULL;
		}
		if (!listed)
			fail_msg("action %d (%s) is in no screen's help", a, described->description);
	}
}

static void lookup__by_screen(void **state)
{
	(void)state;
	assert_int_equal(keys_action(SCREEN_STEPS, 'q', false), ACTION_QUIT);
	assert_int_equal(keys_action(SCREEN_IP, 'q', false), ACTION_NONE); /* typed into the field */
	assert_int_equal(keys_action(SCREEN_HELO, '?', false), ACTION_NONE);
	assert_int_equal(keys_action(SCREEN_IP, KEY_F(1), true), ACTION_HELP);
	assert_int_equal(keys_action(SCREEN_IP, KEY_F(10), true), ACTION_QUIT);
	assert_int_equal(keys_action(SCREEN_VERDICT, 's', false), ACTION_SAVE);
	assert_int_equal(keys_action(SCREEN_VERDICT, 'm', false), ACTION_SAVE_POST);
	assert_int_equal(keys_action(SCREEN_STEPS, 's', false), ACTION_NONE);
	assert_int_equal(keys_action(SCREEN_WELCOME, 27, false), ACTION_BACK);
	assert_int_equal(keys_action(SCREEN_STEPS, KEY_RIGHT, true), ACTION_VERDICT);
	assert_int_equal(keys_action(SCREEN_IP, KEY_RIGHT, true), ACTION_NONE); /* moves in the field */
}

static void help__groups_keys_of_one_action(void **state)
{
	(void)state;
	char help[4096];
	keys_help_text(SCREEN_STEPS, help, sizeof help);
	assert_non_null(strstr(help, "q, F10, Ctrl-Q"));
	assert_non_null(strstr(help, "F1, ?"));
	keys_help_text(SCREEN_IP, help, sizeof help);
	assert_non_null(strstr(help, "F10, Ctrl-Q"));
	assert_null(strstr(help, "q, F10"));
	assert_null(strstr(help, "save the report"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_action__has_a_described_key_in_some_help),
		cmocka_unit_test(lookup__by_screen),
		cmocka_unit_test(help__groups_keys_of_one_action),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
