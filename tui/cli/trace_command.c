/* trace_command - `ptrdoctor trace IP|NAME`. */
#define _POSIX_C_SOURCE 200809L
#include "trace_command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"
#include "lab/lab.h"
#include "report/report.h"
#include "session/session.h"
#include "trace/trace.h"
#include "util/names.h"

static int exit_code(enum trace_end end)
{
	return end == TRACE_FOUND ? 0 : end == TRACE_ABSENT ? 1 : 3;
}

/* walk - run the trace to its end on a loop of its own. */
static bool walk(struct trace *t)
{
	struct loop *loop;
	if (!loop_new(&loop))
		return false;
	bool ok = trace_start(t, loop);
	while (ok && !trace_finished(t))
		ok = loop_process(loop, -1) >= 0 || errno == EINTR;
	trace_cancel(t); /* what is left in flight goes before its loop */
	loop_free(loop);
	return ok;
}

static int print_trace(const struct options *opts, const struct trace *t)
{
	char *text = opts->json ? trace_report_json(t) : trace_report_text(t, session_use_color(opts));
	if (!text) {
		fprintf(stderr, "ptrdoctor: out of memory\n");
		return 3;
	}
	fputs(text, stdout);
	free(text);
	return fflush(stdout) == 0 ? exit_code(trace_end(t)) : 3;
}

int trace_command_run(const struct options *opts)
{
	char err[512], shown[600];
	struct backend *backend = session_backend_new(opts);
	if (!backend)
		return opts->lab ? EXIT_USAGE : 3;
	const struct lab_scenario *sc = backend_scenario(backend);
	const char *target = opts->ip ? opts->ip : sc ? lab_scenario_get(sc, "ip") : NULL;
	if (!target || !backend_can_ask_servers(backend)) {
		fprintf(stderr, "ptrdoctor: %s\n", !target ? "trace needs an IP address or a host name: ptrdoctor trace IP|NAME"
						      : "this lab scenario declares no servers to walk (server: NAME ADDRESS ZONE...)");
		backend_free(backend);
		return EXIT_USAGE;
	}
	char *hints = trace_hints_for(opts->root_hints, backend, err, sizeof err);
	if ((opts->root_hints || sc) && !hints) {
		fprintf(stderr, "ptrdoctor: %s\n", err);
		backend_free(backend);
		return EXIT_USAGE;
	}
	struct trace *t = NULL;
	int code = 3;
	if (!trace_new(backend, target, hints, backend_auth_port(backend), &t, err, sizeof err)) {
		names_escape(err, shown, sizeof shown);
		fprintf(stderr, "ptrdoctor: %s\n", shown);
		code = EXIT_USAGE;
	} else if (!walk(t)) {
		fprintf(stderr, "ptrdoctor: the walk stopped: %s\n", strerror(errno));
	} else {
		code = print_trace(opts, t);
	}
	trace_free(t);
	backend_free(backend);
	free(hints);
	return code;
}
