/* test_detect - which addresses send and what the notes say, from an
 * MTA's identity and the machine's sources given as data; the container
 * probe under a root of the test's own. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine/detect.h"

static struct ip_address addr(const char *text)
{
	struct ip_address ip;
	assert_int_equal(names_parse_ip(text, &ip), NAMES_OK);
	return ip;
}

static void machine(struct sources *s, const char *v4, const char *v6)
{
	memset(s, 0, sizeof *s);
	if (v4) {
		s->routed[0] = true;
		s->route[0] = addr(v4);
		s->items[s->count++] = (struct source_address){.ip = addr(v4)};
	}
	if (v6) {
		s->routed[1] = true;
		s->route[1] = addr(v6);
		s->items[s->count++] = (struct source_address){.ip = addr(v6)};
	} else {
		snprintf(s->route_problem[1], sizeof s->route_problem[1], "no IPv6 route to the internet (x)");
	}
}

static bool has_note(const struct detection *d, const char *part)
{
	for (size_t i = 0; i < d->note_count; i++)
		if (strstr(d->notes[i], part))
			return true;
	return false;
}

static const struct detected_address *find(const struct detection *d, const char *ip)
{
	for (size_t i = 0; i < d->address_count; i++)
		if (strcmp(d->addresses[i].ip.text, ip) == 0)
			return &d->addresses[i];
	return NULL;
}

/* Binds win over the route for their family; the route sends for the other. */
static void join__binds_then_route(void **state)
{
	(void)state;
	struct mta_identity m = {.kind = MTA_POSTFIX, .ipv4 = true, .ipv6 = true, .helo = "mail.example.com"};
	m.binds[m.bind_count++] = addr("45.90.240.9");
	struct sources s;
	machine(&s, "45.90.240.5", "2a0c:9a40:240::5");
	struct detection *d = malloc(sizeof *d);
	detect_join(&m, &s, false, "", d);
	assert_true(find(d, "45.90.240.9")->sends);
	assert_string_equal(find(d, "45.90.240.9")->source, "bind");
	assert_false(find(d, "45.90.240.5")->sends);
	assert_string_equal(find(d, "45.90.240.5")->source, "interface");
	assert_true(find(d, "2a0c:9a40:240::5")->sends);
	assert_int_equal(detect_sending_count(d), 2);
	assert_int_equal(d->note_count, 0);
	free(d);
}

static void join__ipv4_only_relay_and_bad_helos(void **state)
{
	(void)state;
	struct mta_identity m = {.kind = MTA_POSTFIX, .ipv4 = true, .helo = "localhost",
				 .helo_source = "myhostname", .relayhost = "[relay.example]:587",
				 .relay_source = "relayhost"};
	struct sources s;
	machine(&s, "45.90.240.5", NULL);
	struct detection *d = malloc(sizeof *d);
	detect_join(&m, &s, true, "/.dockerenv", d);
	assert_int_equal(detect_sending_count(d), 0);
	assert_true(has_note(d, "Mail leaves through the relay [relay.example]:587 (relayhost)"));
	assert_true(has_note(d, "The HELO localhost (from myhostname) names every machine"));
	assert_true(has_note(d, "runs in a container (/.dockerenv)"));
	assert_false(has_note(d, "IPv6 route")); /* IPv6 is off: its missing route is no news */
	free(d);
	snprintf(m.helo, sizeof m.helo, "%s", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	m.relayhost[0] = '\0';
	d = malloc(sizeof *d);
	detect_join(&m, &s, false, "", d);
	assert_true(d->helo_container_id);
	assert_true(has_note(d, "is a container id"));
	free(d);
}

static void join__nat_and_no_mta(void **state)
{
	(void)state;
	struct mta_identity none = {0};
	struct sources s;
	machine(&s, "100.64.3.4", NULL);
	struct detection *d = malloc(sizeof *d);
	detect_join(&none, &s, false, "", d);
	assert_true(find(d, "100.64.3.4")->sends);
	assert_false(find(d, "100.64.3.4")->public);
	assert_int_equal(detect_checkable_count(d), 0);
	assert_true(has_note(d, "100.64.3.4 is a carrier-grade NAT (CGNAT) address"));
	assert_true(has_note(d, "No mail server found"));
	assert_true(has_note(d, "no IPv6 route to the internet (x): mail goes out over IPv4 only"));
	free(d);
}

static void container__files_under_a_root(void **state)
{
	(void)state;
	char root[] = "/tmp/ptrdoctor-root-XXXXXX", path[300], evidence[64];
	assert_non_null(mkdtemp(root));
	assert_false(detect_container(root, evidence, sizeof evidence));
	snprintf(path, sizeof path, "%s/run", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/run/.containerenv", root);
	fclose(fopen(path, "w"));
	assert_true(detect_container(root, evidence, sizeof evidence));
	assert_string_equal(evidence, "/run/.containerenv");
	unlink(path);
	snprintf(path, sizeof path, "%s/run", root);
	rmdir(path);
	snprintf(path, sizeof path, "%s/proc/1", root);
	char cmd[1000];
	snprintf(cmd, sizeof cmd, "mkdir -p %s && echo '0::/system.slice/docker-3f4e.scope' > %s/cgroup", path, path);
	assert_int_equal(system(cmd), 0);
	assert_true(detect_container(root, evidence, sizeof evidence));
	assert_string_equal(evidence, "/proc/1/cgroup (docker)");
	snprintf(cmd, sizeof cmd, "rm -r %s", root);
	assert_int_equal(system(cmd), 0);
	assert_true(detect_helo_is_container_id("3f4e9c2a1b7d"));
	assert_false(detect_helo_is_container_id("3F4E9C2A1B7D"));
	assert_false(detect_helo_is_container_id("mail.example"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(join__binds_then_route),
		cmocka_unit_test(join__ipv4_only_relay_and_bad_helos),
		cmocka_unit_test(join__nat_and_no_mta),
		cmocka_unit_test(container__files_under_a_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
