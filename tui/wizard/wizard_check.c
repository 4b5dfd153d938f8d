/* wizard_check - the wizard's glue to the engine: it starts and stops the
 * check, turns its events into what the lookups screen shows (presenter
 * mode holds answers back), and hands the findings to the reports. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "util/names.h"
#include "rules/provider.h"
#include "report/report.h"
#include "session/session.h"
#include "wizard.h"

static void on_started(void *ctx, const struct step *step)
{
	struct wizard *w = ctx;
	if ((size_t)step->index + 1 > w->steps_seen)
		w->steps_seen = (size_t)step->index + 1;
}

static void on_finished(void *ctx, const struct step *step)
{
	struct wizard *w = ctx;
	if (step->index < WIZARD_STEPS_MAX) {
		w->step_answered[step->index] = true;
		w->step_done[step->index] = !w->step_mode;
	}
}

/* all_shown - every answer that arrived is on the screen. */
static bool all_shown(const struct wizard *w)
{
	for (size_t i = 0; i < w->steps_seen && i < WIZARD_STEPS_MAX; i++)
		if (w->step_answered[i] && !w->step_done[i])
			return false;
	return true;
}

static void announce_done(struct wizard *w)
{
	if (w->screen == SCREEN_STEPS && diagnosis_was_cancelled(w->diagnosis))
		wizard_message(w, MESSAGE_WARN, "Check stopped. Press r to run it again, Esc to go back.");
	else if (w->screen == SCREEN_STEPS)
		wizard_message(w, MESSAGE_OK, "All lookups answered: press v or Right for the verdict");
}

bool wizard_step_visible(const struct wizard *w, size_t index)
{
	if (!w->step_mode || !w->diagnosis)
		return true;
	int lowest = 1 << 30;
	for (size_t i = 0; i < w->steps_seen && i < WIZARD_STEPS_MAX; i++)
		if (!w->step_done[i] && diagnosis_step(w->diagnosis, i)->round < lowest)
			lowest = diagnosis_step(w->diagnosis, i)->round;
	return diagnosis_step(w->diagnosis, index)->round <= lowest;
}

bool wizard_reveal(struct wizard *w)
{
	for (size_t i = 0; i < w->steps_seen && i < WIZARD_STEPS_MAX; i++) {
		if (!w->step_answered[i] || w->step_done[i] || !wizard_step_visible(w, i))
			continue;
		w->step_done[i] = true;
		if (w->diagnosis_done && all_shown(w)) {
			w->done = true;
			announce_done(w);
		}
		return true;
	}
	return false;
}

/* on_verdict_ready - the verdict's lookups are in: it shows at once (not
 * in presenter mode, whose answers wait for the presenter); the zones' own
 * servers fill in when done comes. */
static void on_verdict_ready(void *ctx, const struct diagnosis *d)
{
	struct wizard *w = ctx;
	if (w->step_mode || !diagnosis_authority_pending(d))
		return; /* done follows at once, or the presenter reveals */
	findings_compute(d, NULL, &w->findings);
	w->have_results = true;
	w->servers_pending = true;
	w->findings_version++;
	w->done = all_shown(w);
	if (w->done && w->screen == SCREEN_STEPS)
		wizard_message(w, MESSAGE_OK, "The verdict is ready: press v or Right (the zones' own servers are still asked)");
}

static void on_done(void *ctx, const struct diagnosis *d)
{
	struct wizard *w = ctx;
	w->diagnosis_done = true;
	w->done = all_shown(w);
	findings_compute(d, NULL, &w->findings);
	w->have_results = true;
	w->servers_pending = false;
	w->findings_version++;
	if (diagnosis_incomplete(d))
		wizard_message(w, MESSAGE_ERROR, "Out of memory: some lookups were never asked, so this verdict is incomplete");
	else if (w->done)
		announce_done(w);
	else
		wizard_message(w, MESSAGE_INFO, "Presenter mode: Space shows the next answer.");
}

static const struct diagnosis_callbacks callbacks = {on_started, on_finished, on_done, on_verdict_ready};

void wizard_check_stop(struct wizard *w)
{
	diagnosis_free(w->diagnosis);
	w->diagnosis = NULL;
	w->steps_seen = 0;
	memset(w->step_done, 0, sizeof w->step_done);
	memset(w->step_answered, 0, sizeof w->step_answered);
	w->done = false;
	w->diagnosis_done = false;
	w->have_results = false;
	w->servers_pending = false;
	memset(&w->findings, 0, sizeof w->findings);
	w->checked_ip[0] = '\0';
}

void wizard_check_start(struct wizard *w, bool with_helo)
{
	wizard_check_stop(w);
	const char *helo = with_helo && w->helo[0] ? w->helo : NULL;
	if (diagnosis_start(w->ip, helo, w->backend, &callbacks, w, &w->diagnosis) != DIAGNOSIS_OK) {
		wizard_message(w, MESSAGE_ERROR, "Could not start the lookups");
		return;
	}
	snprintf(w->checked_ip, sizeof w->checked_ip, "%s", w->ip);
	w->checks_started++;
}

/* wizard_report_input - the report of what the screens show. A provider
 * picked from the menu where the guess was preselected counts as the
 * guess (with its evidence); another pick is the user's. */
struct report_input wizard_report_input(struct wizard *w)
{
	const struct provider *picked = w->provider >= 0 ? provider_at((size_t)w->provider) : NULL;
	findings_choose_provider(&w->findings, picked && picked != w->findings.guess.provider ? picked->id : NULL);
	return (struct report_input){w->diagnosis, &w->findings};
}

bool wizard_check_running(const struct wizard *w)
{
	return w->diagnosis && !w->done;
}

void wizard_save_report(struct wizard *w, const char *path)
{
	struct report_input in = wizard_report_input(w);
	bool post = names_ends_with(path, ".md"); /* a .md file gets the forum post */
	char *text = post ? report_markdown(&in) : report_text(&in, false);
	FILE *f = text ? fopen(path, "w") : NULL;
	bool ok = f && fputs(text, f) >= 0;
	int err = text ? errno : ENOMEM;
	if (f && fclose(f) != 0) {
		ok = false;
		err = errno;
	}
	free(text);
	if (ok)
		wizard_message(w, MESSAGE_OK, "Report saved to %s", path);
	else
		wizard_message(w, MESSAGE_ERROR, "Could not save to %s: %s", path, strerror(err));
}

bool wizard_use_lab(struct wizard *w, const char *name, bool fixed)
{
	struct lab_scenario *sc;
	struct backend *backend;
	char err[2048];
	bool ok = fixed ? lab_fixed_open(name, &sc, err, sizeof err) : lab_scenario_open(name, &sc, err, sizeof err);
	if (!ok) {
		wizard_message(w, MESSAGE_ERROR, "%s", err);
		return false;
	}
	if (!backend_new_lab(sc, w->opts->timeout_ms, &backend)) {
		lab_scenario_free(sc);
		wizard_message(w, MESSAGE_ERROR, "out of memory");
		return false;
	}
	wizard_check_stop(w);
	backend_free(w->backend);
	w->backend = backend;
	if (!fixed)
		snprintf(w->lab_name, sizeof w->lab_name, "%s", name);
	w->showing_fixed = fixed;
	const char *ip = lab_scenario_get(sc, "ip"), *helo = lab_scenario_get(sc, "helo");
	const struct provider *p = provider_find(lab_scenario_get(sc, "provider"));
	snprintf(w->ip, sizeof w->ip, "%s", ip ? ip : "");
	snprintf(w->helo, sizeof w->helo, "%s", helo ? helo : "");
	w->provider = -1;
	for (size_t i = 0; p && i < provider_count(); i++)
		if (provider_at(i) == p)
			w->provider = (int)i;
	struct ip_address parsed;
	if (names_parse_ip(w->ip, &parsed) != NAMES_OK) {
		wizard_go(w, SCREEN_IP);
		return true;
	}
	wizard_check_start(w, true);
	wizard_go(w, SCREEN_STEPS);
	return true;
}
