/* libraries - the versions of the libraries the engine runs with. */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include "libraries.h"

#include <ldns/ldns.h>
#include <pcre2.h>
#include <stdio.h>

void libraries_versions(char *out, size_t size)
{
	char pcre2[64] = "?";
	if (pcre2_config(PCRE2_CONFIG_VERSION, pcre2) < 0)
		snprintf(pcre2, sizeof pcre2, "?");
	snprintf(out, size, "ldns %s, PCRE2 %s", ldns_version(), pcre2);
}
