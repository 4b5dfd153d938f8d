/* mta_sendmail - Sendmail, read through its $j (`sendmail -d0.1 -bt`). */
#define _POSIX_C_SOURCE 200809L
#include "mta_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool mta_parse_sendmail(const char *text, struct mta_identity *out)
{
	const char *j = strstr(text, "$j = ");
	if (!j)
		return false;
	j += 5;
	snprintf(out->helo, sizeof out->helo, "%.*s", (int)strcspn(j, " \t\r\n"), j);
	mta_copy(out->helo_source, sizeof out->helo_source, "$j (confDOMAIN_NAME)");
	return true;
}

bool mta_read_sendmail(const char *program, const struct mta_options *opts, struct mta_identity *out)
{
	(void)program;
	const char *argv[] = {"sendmail", "-d0.1", "-bt", NULL};
	char *text = NULL;
	out->ipv4 = out->ipv6 = true;
	bool ok = mta_run(argv, opts, &text, out) && mta_parse_sendmail(text, out);
	free(text);
	return ok;
}

