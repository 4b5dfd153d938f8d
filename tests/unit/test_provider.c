/* test_provider - the compiled-in provider list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "provider.h"

static void providers__listed_and_found(void **state)
{
	(void)state;
	const char *ids[] = {"aws", "gcp", "azure", "digitalocean", "hetzner", "ovh", "linode", "vultr", "scaleway",
			     "oracle", "contabo", "ionos", "hostinger", "upcloud", "alibaba", "home", "hosted", "other"};
	assert_int_equal(provider_count(), sizeof ids / sizeof ids[0]);
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const struct provider *p = provider_find(ids[i]);
		if (!p)
			fail_msg("provider %s missing", ids[i]);
		assert_true(strlen(p->name) > 2);
		assert_true(strlen(p->where) > 5);
		assert_ptr_equal(provider_at(i), p);
	}
	assert_null(provider_find("nope"));
	assert_null(provider_find(NULL));
	assert_null(provider_at(1000));
	assert_string_equal(provider_find("hetzner")->name, "Hetzner (Cloud and Robot)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(providers__listed_and_found)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
