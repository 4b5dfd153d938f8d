/* test_report - the JSON object is well-formed, holds the documented keys,
 * and carries no raw control byte; the text report has every section. */
#include "labkit.h"

#include <ctype.h>
#include <stdlib.h>

#include "report/report.h"

/* A small JSON checker: enough to prove the output parses. */
struct cursor {
	const char *p;
};

static bool value(struct cursor *c);

static void skip_ws(struct cursor *c)
{
	while (*c->p == ' ' || *c->p == '\n' || *c->p == '\t' || *c->p == '\r')
		c->p++;
}

static bool string(struct cursor *c)
{
	if (*c->p++ != '"')
		return false;
	while (*c->p && *c->p != '"') {
		if ((unsigned char)*c->p < 0x20)
			return false;
		if (*c->p == '\\') {
			c->p++;
			if (!strchr("\"\\/bfnrtu", *c->p))
				return false;
		}
		c->p++;
	}
	return *c->p++ == '"';
}

static bool sequence(struct cursor *c, char close, bool keyed)
{
	c->p++;
	skip_ws(c);
	if (*c->p == close) {
		c->p++;
		return true;
	}
	for (;;) {
		skip_ws(c);
		if (keyed) {
			if (!string(c))
				return false;
			skip_ws(c);
			if (*c->p++ != ':')
				return false;
		}
		if (!value(c))
			return false;
		skip_ws(c);
		if (*c->p == close) {
			c->p++;
			return true;
		}
		if (*c->p++ != ',')
			return false;
	}
}

static bool value(struct cursor *c)
{
	skip_ws(c);
	if (*c->p == '{')
		return sequence(c, '}', true);
	if (*c->p == '[')
		return sequence(c, ']', false);
	if (*c->p == '"')
		return string(c);
	for (const char *word = "true\0false\0null\0"; *word; word += strlen(word) + 1)
		if (strncmp(c->p, word, strlen(word)) == 0) {
			c->p += strlen(word);
			return true;
		}
	const char *start = c->p;
	if (*c->p == '-')
		c->p++;
	while (isdigit((unsigned char)*c->p))
		c->p++;
	if (c->p > start && *c->p == '.') {
		c->p++;
		while (isdigit((unsigned char)*c->p))
			c->p++;
	}
	return c->p > start;
}

static void assert_json(const char *text)
{
	struct cursor c = {text};
	if (!value(&c))
		fail_msg("invalid JSON near: %.60s", c.p);
	skip_ws(&c);
	assert_int_equal(*c.p, '\0');
}

static char *render(struct labkit *kit, bool json)
{
	findings_choose_provider(&kit->findings, "hetzner");
	struct report_input in = {kit->diagnosis, &kit->findings};
	return json ? report_json(&in) : report_text(&in, false);
}

#define GOOD \
	LABKIT_ZONES "$ORIGIN example.com.\nmail A 198.51.100.5\nmail TXT \"v=spf1 a -all\"\n$ORIGIN 100.51.198.in-addr.arpa.\n" \
		     "5 PTR mail.example.com.\n"

static void json__valid_with_documented_keys(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, GOOD, "198.51.100.5", "mail.example.com");
	char *json = render(&kit, true);
	assert_json(json);
	const char *keys[] = {"\"ip\":\"198.51.100.5\"", "\"helo\":\"mail.example.com\"",
			      "\"provider\":{\"id\":\"hetzner\",\"name\":\"Hetzner (Cloud and Robot)\",\"source\":\"user\",\"evidence\":null}",
			      "\"steps\":[", "\"dig\":\"dig -x 198.51.100.5 +short\"", "\"answers\":[\"mail.example.com.\"]",
			      "\"reverse_zone\":{\"name\":\"100.51.198.in-addr.arpa.\"", "\"rules\":[",
			      "{\"id\":\"fcrdns\",\"status\":\"pass\"", "\"receivers\":{\"postfix\":{",
			      "\"reject_unknown_client_hostname\":{\"verdict\":\"pass\"", "\"gmail\":{\"verdict\":\"pass\"",
			      "\"exim\":{\"reverse_host_lookup\":{\"verdict\":\"pass\"", "\"spamassassin\":{\"verdict\":\"pass\"",
			      "\"delegated\":true", "\"authority\":null", "\"authority_forward\":null", "\"cache\":null",
			      "\"receivers_other\":[]", "\"causes\":[]",
			      "\"verdict\":\"pass\",\"headline\":\"every receiver ptrdoctor knows accepts mail from 198.51.100.5\","
			      "\"next\":\"Nothing to do: every receiver ptrdoctor knows accepts mail from 198.51.100.5.\"}"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strstr(json, keys[i]))
			fail_msg("missing %s in %s", keys[i], json);
	free(json);
	labkit_free(&kit);
}

static void json__hostile_strings_escaped(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES "$ORIGIN 100.51.198.in-addr.arpa.\n5 PTR evil\\027\\\"q.example.com.\n",
		   "198.51.100.5", "he\"lo\x01\x1b[31m\\x");
	char *json = render(&kit, true);
	assert_json(json);
	for (const char *p = json; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	assert_non_null(strstr(json, "\"helo\":\"he\\\"lo\\\\001\\\\027[31m\\\\x\""));
	char *text = render(&kit, false);
	for (const char *p = text; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	free(text);
	free(json);
	labkit_free(&kit);
}

static void json__no_helo_is_null(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, GOOD, "198.51.100.5", NULL);
	struct report_input in = {kit.diagnosis, &kit.findings};
	char *json = report_json(&in);
	assert_json(json);
	assert_non_null(strstr(json, "\"helo\":null"));
	assert_non_null(strstr(json, "\"source\":\"none\""));
	free(json);
	labkit_free(&kit);
}

static void text__has_every_section(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, "198.51.100.5", "mail.example.com");
	char *text = render(&kit, false);
	const char *parts[] = {"Lookups (lab;", "$ dig -x 198.51.100.5 +short", "Reverse zone: 100.51.198.in-addr.arpa.",
			       "not in your domain's DNS", "FAIL   ptr-exists", "Receivers (predicted)",
			       "450 4.7.25 Client host rejected: cannot find your hostname, [198.51.100.5]",
			       "Verdict: FAIL"};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (!strstr(text, parts[i]))
			fail_msg("missing \"%s\" in:\n%s", parts[i], text);
	char *colored = NULL;
	struct report_input in = {kit.diagnosis, &kit.findings};
	colored = report_text(&in, true);
	assert_non_null(strstr(colored, "\033[31mFAIL"));
	free(colored);
	free(text);
	labkit_free(&kit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json__valid_with_documented_keys),
		cmocka_unit_test(json__hostile_strings_escaped),
		cmocka_unit_test(json__no_helo_is_null),
		cmocka_unit_test(text__has_every_section),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
