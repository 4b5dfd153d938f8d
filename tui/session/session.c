/* session - what every front end sets up the same way from the options. */
#define _POSIX_C_SOURCE 200809L
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/dns.h"
#include "lab/lab.h"
#include "util/names.h"

#define ERR_MAX 4096

struct backend *session_backend_new(const struct options *opts)
{
	char err[ERR_MAX] = "";
	struct backend *backend = NULL;
	if (opts->lab) {
		struct lab_scenario *scenario;
		if (!lab_scenario_open(opts->lab, &scenario, err, sizeof err)) {
			fprintf(stderr, "ptrdoctor: bad lab scenario:\n%s\n", err);
			return NULL;
		}
		if (!backend_new_lab(scenario, opts->timeout_ms, &backend)) {
			lab_scenario_free(scenario);
			fprintf(stderr, "ptrdoctor: out of memory\n");
			return NULL;
		}
		return backend;
	}
	if (!backend_new_live(opts->servers, opts->server_count, NULL, opts->timeout_ms, &backend, err, sizeof err)) {
		char shown[ERR_MAX];
		names_escape(err, shown, sizeof shown);
		fprintf(stderr, "ptrdoctor: %s\n", shown);
		return NULL;
	}
	backend_set_auth_port(backend, (uint16_t)opts->auth_port);
	return backend;
}

bool session_use_color(const struct options *opts)
{
	const char *term = getenv("TERM");
	return !opts->no_color && !opts->json && getenv("NO_COLOR") == NULL && isatty(STDOUT_FILENO) &&
	       term && strcmp(term, "dumb") != 0;
}

struct detect_options session_detect_options(const struct options *opts)
{
	struct detect_options o = {.mta = {.config = opts->mta_config}};
	if (opts->mta)
		mta_kind_parse(opts->mta, &o.mta.kind);
	return o;
}
