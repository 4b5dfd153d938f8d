/* lab_command - `ptrdoctor lab --list`: the built-in scenarios. */
#define _POSIX_C_SOURCE 200809L
#include "lab_command.h"

#include <stdio.h>

#include "lab/lab.h"

int lab_command_list(void)
{
	printf("%-18s %-7s %s\n", "NAME", "VERDICT", "TITLE");
	for (size_t i = 0; i < lab_builtin_count(); i++) {
		struct lab_scenario *sc;
		char err[512];
		const char *name = lab_builtin_name(i);
		if (!lab_scenario_open(name, &sc, err, sizeof err)) {
			fprintf(stderr, "ptrdoctor: built-in scenario %s: %s\n", name, err);
			return 3;
		}
		const char *expect = lab_scenario_get(sc, "expect"), *title = lab_scenario_get(sc, "title");
		printf("%-18s %-7s %s\n", name, expect ? expect : "?", title ? title : "");
		lab_scenario_free(sc);
	}
	printf("\nRun one: ptrdoctor lab NAME (the wizard) or ptrdoctor check --lab NAME.\n");
	return 0;
}
