/* test_help - the texts under help/ are compiled in and found by path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "util/help.h"
#include "rules/provider.h"
#include "rules/rules.h"

static void help__usage_compiled_in(void **state)
{
	(void)state;
	const char *usage = help_text("usage.txt");
	assert_non_null(usage);
	assert_non_null(strstr(usage, "ptrdoctor check IP"));
	assert_non_null(strstr(usage, "{OPTIONS}")); /* where the option table goes */
	assert_null(help_text("no/such/file.txt"));
	assert_true(help_file_count >= 1);
	for (unsigned i = 0; i < help_file_count; i++)
		assert_int_equal(strlen(help_files[i].text), help_files[i].size);
}

/* Every rule and every provider has its text, with the sections the
 * verdict screen shows. */
static void help__every_rule_and_provider_has_text(void **state)
{
	(void)state;
	char path[64], section[4096];
	for (int i = 0; i < RULE_COUNT; i++) {
		snprintf(path, sizeof path, "rules/%s.txt", rule_id_name((enum rule_id)i));
		if (!help_text(path))
			fail_msg("%s is missing", path);
		help_section(help_text(path), "Fix:", section, sizeof section);
		if (strlen(section) < 20)
			fail_msg("%s has no Fix: section", path);
	}
	for (size_t i = 0; i < provider_count(); i++) {
		snprintf(path, sizeof path, "providers/%s.txt", provider_at(i)->id);
		if (!help_text(path))
			fail_msg("%s is missing", path);
		const char *sections[] = {"IPv4:", "IPv6:", "Before:", "Time:", "Traps:"};
		for (size_t k = 0; k < 5; k++) {
			help_section(help_text(path), sections[k], section, sizeof section);
			if (strlen(section) < 5)
				fail_msg("%s has no %s section", path, sections[k]);
		}
	}
	const char *others[] = {"glossary.txt", "ptrdoctor.1", "provider-fingerprints.txt", "screens/welcome.txt",
				"screens/ip.txt", "screens/helo.txt", "screens/provider.txt", "screens/steps.txt",
				"screens/verdict.txt"};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (!help_text(others[i]))
			fail_msg("%s is missing", others[i]);
}

static void help__expand_and_sections(void **state)
{
	(void)state;
	const char *keys[] = {"IP", "NAME"};
	const char *values[] = {"203.0.113.5", "mail.example.com"};
	char out[200];
	help_expand("PTR of {IP} to {NAME}; {OTHER} stays", keys, values, 2, out, sizeof out);
	assert_string_equal(out, "PTR of 203.0.113.5 to mail.example.com; {OTHER} stays");
	help_section("intro\nFix:\ndo this\nIPv6:\nand that\n", NULL, out, sizeof out);
	assert_string_equal(out, "intro");
	help_section("intro\nFix:\ndo this\nIPv6:\nand that\n", "Fix:", out, sizeof out);
	assert_string_equal(out, "do this");
	help_section("intro\nFix:\ndo this\nIPv6:\nand that\n", "IPv6:", out, sizeof out);
	assert_string_equal(out, "and that");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help__usage_compiled_in),
		cmocka_unit_test(help__every_rule_and_provider_has_text),
		cmocka_unit_test(help__expand_and_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
