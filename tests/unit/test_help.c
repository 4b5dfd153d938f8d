/* test_help - the texts under help/ are compiled in and found by path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "help.h"

static void help__usage_compiled_in(void **state)
{
	(void)state;
	const char *usage = help_text("usage.txt");
	assert_non_null(usage);
	assert_non_null(strstr(usage, "ptrdoctor check IP"));
	assert_non_null(strstr(usage, "--server HOST[:PORT]"));
	assert_null(help_text("no/such/file.txt"));
	assert_true(help_file_count >= 1);
	for (unsigned i = 0; i < help_file_count; i++)
		assert_int_equal(strlen(help_files[i].text), help_files[i].size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help__usage_compiled_in),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
