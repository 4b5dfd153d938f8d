/* detect_command - `ptrdoctor detect`. */
#define _POSIX_C_SOURCE 200809L
#include "detect_command.h"

#include <stdlib.h>
#include <string.h>

#include "machine/machine.h"
#include "report/report.h"
#include "session/session.h"

int detect_command_run(const struct options *opts)
{
	struct detect_options o = session_detect_options(opts);
	struct detection *d = malloc(sizeof *d);
	if (!d || !detect_run(&o, d)) {
		fprintf(stderr, "ptrdoctor: cannot read this machine's interfaces%s\n", d ? "" : " (out of memory)");
		free(d);
		return 3;
	}
	if (opts->json) {
		report_detect_json(stdout, d);
		printf("\n");
	}
	else
		report_detect_text(stdout, d);
	if (!opts->json && detect_checkable_count(d))
		printf("\nCheck them: ptrdoctor check --this-machine\n");
	int code = d->mta.kind != MTA_NONE && detect_sending_count(d) ? 0 : 1;
	free(d);
	return fflush(stdout) == 0 ? code : 3;
}
