/* test_trace - the walk from the root: its inputs, and how it stops when
 * the root itself cannot be followed (a scripted server on loopback). */
#include "fakedns.h"

#include "dns/backend.h"
#include "trace/trace.h"
#include "report/trace_report.h"

static struct backend *live(uint16_t port, int timeout_ms)
{
	char spec[32], err[256];
	snprintf(spec, sizeof spec, "127.0.0.1:%u", port);
	const char *servers[] = {spec};
	struct backend *b = NULL;
	assert_true(backend_new_live(servers, 1, NULL, timeout_ms, &b, err, sizeof err));
	return b;
}

static void inputs__targets_and_hints(void **state)
{
	(void)state;
	struct trace *t = NULL;
	char err[256];
	assert_true(trace_new(NULL, "203.0.113.5", NULL, 53, &t, err, sizeof err));
	assert_string_equal(trace_qname(t), "5.113.0.203.in-addr.arpa.");
	assert_int_equal(trace_qtype(t), LDNS_RR_TYPE_PTR);
	assert_true(trace_hints_builtin(t));
	assert_int_equal(trace_level_count(t), 0); /* nothing asked before trace_start */
	trace_free(t);
	assert_true(trace_new(NULL, "mail.example.com", ". NS a.x.\na.x. A 192.0.2.1\n", 53, &t, err, sizeof err));
	assert_string_equal(trace_qname(t), "mail.example.com.");
	assert_int_equal(trace_qtype(t), LDNS_RR_TYPE_A);
	assert_false(trace_hints_builtin(t));
	trace_free(t);
	assert_false(trace_new(NULL, "not a name!", NULL, 53, &t, err, sizeof err));
	assert_string_equal(err, "trace needs an IP address or a host name");
	assert_null(t);
	assert_false(trace_new(NULL, "192.0.2.1", "; only a comment\n. NS a.x.\n", 53, &t, err, sizeof err));
	assert_non_null(strstr(err, "no A or AAAA record"));
	assert_false(trace_new(NULL, "192.0.2.1", ". NS a.x.\nthis is no record\n", 53, &t, err, sizeof err));
	assert_string_equal(err, "root hints, line 2: not a DNS record");
}

/* walk - the whole trace against one root hint on the fake's port. */
static struct trace *walk(enum fake_mode mode, int timeout_ms)
{
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct fake root;
	fake_start(&root, loop, mode);
	struct backend *b = live(root.port, timeout_ms);
	struct trace *t = NULL;
	char err[256];
	assert_true(trace_new(b, "203.0.113.5", ". NS a.root.test.\na.root.test. A 127.0.0.1\n", root.port, &t, err,
			      sizeof err));
	assert_true(trace_start(t, loop));
	while (!trace_finished(t))
		assert_true(loop_process(loop, -1) >= 0);
	fake_stop(&root);
	loop_free(loop);
	backend_free(b);
	return t;
}

static void stops__root_without_authority(void **state)
{
	(void)state;
	struct trace *t = walk(FAKE_ANSWER, 1000); /* an A record, no AA, no referral */
	assert_int_equal(trace_end(t), TRACE_STOPPED);
	assert_int_equal(trace_level_count(t), 1);
	const struct trace_level *root = trace_level(t, 0);
	assert_int_equal(root->server_count, 1);
	assert_int_equal(root->chosen, -1);
	assert_int_equal(root->servers[0].kind, HOP_NOT_AA);
	assert_non_null(strstr(trace_finding(t), "no server of . gives a reply the walk may follow"));
	assert_non_null(strstr(trace_finding(t), "without authority"));
	assert_non_null(strstr(root->servers[0].dig, "dig @127.0.0.1 -p "));
	assert_string_equal(trace_level_role(t, 0), "root");
	char *text = trace_report_text(t, false);
	assert_non_null(strstr(text, "The walk stops here: no server of . gives"));
	free(text);
	char *json = trace_report_json(t);
	assert_non_null(strstr(json, "\"end\":\"stopped\""));
	assert_non_null(strstr(json, "\"kind\":\"not-authoritative\""));
	free(json);
	trace_free(t);
}

static void stops__silent_root(void **state)
{
	(void)state;
	struct trace *t = walk(FAKE_SILENT, 50);
	assert_int_equal(trace_end(t), TRACE_STOPPED);
	assert_int_equal(trace_level(t, 0)->servers[0].kind, HOP_TIMEOUT);
	assert_non_null(strstr(trace_finding(t), "does not reply"));
	assert_int_equal(trace_questions(t), 1);
	trace_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inputs__targets_and_hints),
		cmocka_unit_test(stops__root_without_authority),
		cmocka_unit_test(stops__silent_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
