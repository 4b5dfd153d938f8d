/* fuzz_names - address and name validation, HELO classification, the
 * generic-name heuristics and terminal escaping, on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "rules/generic.h"
#include "util/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!text)
		return 0;
	struct ip_address ip, literal, fixed;
	char buf[128], why[300], safe[512];
	if (names_parse_ip(text, &ip) == NAMES_OK) {
		names_ip_kind(&ip);
		if (!names_reverse(&ip, buf, sizeof buf))
			abort();
	}
	names_helo_kind(text, &literal);
	names_valid_hostname(text, true);
	names_is_numeric_address(text);
	names_parse_ip("203.0.113.5", &fixed);
	generic_name_check(text, &fixed, text, why, sizeof why);
	names_parse_ip("2001:db8::5", &fixed);
	generic_name_check(text, &fixed, text, why, sizeof why);
	names_escape(text, safe, sizeof safe);
	for (const unsigned char *c = (const unsigned char *)safe; *c; c++)
		if (*c < 0x20 || *c >= 0x7f)
			abort();
	free(text);
	return 0;
}
