/* test_bounce_repair - each kind of paste damage undone, and said. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bounce/bounce_repair.h"

/* repaired - the text after repair, and the notes joined by "; " into note. */
static char *repaired(const char *text, char *note, size_t size)
{
	char notes[8][BOUNCE_REPAIR_NOTE_MAX];
	size_t count = 0;
	char *out = bounce_repair(text, notes, 8, &count);
	assert_non_null(out);
	note[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		strncat(note, i ? "; " : "", size - strlen(note) - 1);
		strncat(note, notes[i], size - strlen(note) - 1);
	}
	return out;
}

static void quotes_and_indentation(void **state)
{
	(void)state;
	char note[600];
	char *out = repaired("> > 550-5.7.25 [192.0.2.1] The IP address\n> > 550 5.7.25 missing PTR\n", note, sizeof note);
	assert_string_equal(out, "550-5.7.25 [192.0.2.1] The IP address\n550 5.7.25 missing PTR\n");
	assert_string_equal(note, "quote marks removed from 2 lines");
	free(out);
	out = repaired("    Received: from mail.example.com (unknown [192.0.2.1])\n        by mx.example.net\n",
		       note, sizeof note);
	assert_string_equal(out, "Received: from mail.example.com (unknown [192.0.2.1])\n    by mx.example.net\n");
	assert_string_equal(note, "indentation added to every line removed");
	free(out);
}

static void received_continuation_lines(void **state)
{
	(void)state;
	char note[600];
	char *out = repaired("Received: from mail.example.com (unknown [192.0.2.1])\nby mx.example.net (Postfix) with ESMTP\n"
			     "id 4AB; Tue, 1 Dec 2026 10:00:00 +0000\nSubject: hello\n", note, sizeof note);
	assert_string_equal(out, "Received: from mail.example.com (unknown [192.0.2.1])\n by mx.example.net (Postfix) "
				 "with ESMTP\n id 4AB; Tue, 1 Dec 2026 10:00:00 +0000\nSubject: hello\n");
	assert_string_equal(note, "2 continuation lines of Received headers indented again");
	free(out);
}

static void escaped_newlines_underscores_slashes(void **state)
{
	(void)state;
	char note[600];
	char *out = repaired("550-5.7.25 first\\n550-5.7.25 second\\n550 5.7.25 third", note, sizeof note);
	assert_string_equal(out, "550-5.7.25 first\n550-5.7.25 second\n550 5.7.25 third");
	assert_string_equal(note, "line breaks written as \\n turned back into line breaks");
	free(out);
	out = repaired("postfix/smtp[12]: host mx[192.0.2.9] said:#012550 5.7.1 no", note, sizeof note);
	assert_string_equal(out, "postfix/smtp[12]: host mx[192.0.2.9] said:\n550 5.7.1 no");
	free(out);
	out = repaired("550_5.7.1_Client_host_rejected:_cannot_find_your_hostname", note, sizeof note);
	assert_string_equal(out, "550 5.7.1 Client host rejected: cannot find your hostname");
	assert_string_equal(note, "underscores turned back into spaces");
	free(out);
	out = repaired("550-5.7.25 a / 550-5.7.25 b / 550 5.7.25 c see https://x.example/y", note, sizeof note);
	assert_string_equal(out, "550-5.7.25 a \n 550-5.7.25 b \n 550 5.7.25 c see https://x.example/y");
	assert_string_equal(note, "slashes between reply lines turned back into line breaks");
	free(out);
	/* a HELO with an underscore in an ordinary text stays as it is */
	out = repaired("501 5.5.2 Syntactically invalid EHLO argument(s): mail_1.example.com", note, sizeof note);
	assert_string_equal(out, "501 5.5.2 Syntactically invalid EHLO argument(s): mail_1.example.com");
	assert_string_equal(note, "");
	free(out);
}

static void markdown_links_and_marks(void **state)
{
	(void)state;
	char note[600];
	char *out = repaired("**550** host [mx.example.net](http://mx.example.net)[192.0.2.9] said: `no PTR`", note,
			     sizeof note);
	assert_string_equal(out, "550 host mx.example.net[192.0.2.9] said: no PTR");
	assert_string_equal(note, "markdown links and marks removed");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quotes_and_indentation),
		cmocka_unit_test(received_continuation_lines),
		cmocka_unit_test(escaped_newlines_underscores_slashes),
		cmocka_unit_test(markdown_links_and_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
