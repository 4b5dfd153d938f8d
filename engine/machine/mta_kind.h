/* mta_kind - inside machine/ only: what each mail server's file provides
 * (its reader, one row of the table in mta_table.c) and the helpers the
 * readers share. */
#ifndef PTRDOCTOR_MTA_KIND_H
#define PTRDOCTOR_MTA_KIND_H

#include <stdbool.h>
#include <stddef.h>

#include "mta.h"

/* mta_reader_fn - fill out from the installed program (its path or name,
 * as found on PATH) and the options; false when the program is not this
 * MTA after all (Postfix's sendmail), true with out->problem set when
 * its configuration could not be read as a whole. */
typedef bool (*mta_reader_fn)(const char *program, const struct mta_options *opts, struct mta_identity *out);

bool mta_read_postfix(const char *program, const struct mta_options *opts, struct mta_identity *out);
bool mta_read_exim(const char *program, const struct mta_options *opts, struct mta_identity *out);
bool mta_read_opensmtpd(const char *program, const struct mta_options *opts, struct mta_identity *out);
bool mta_read_sendmail(const char *program, const struct mta_options *opts, struct mta_identity *out);

/* mta_copy - src into dst, cut to fit. */
void mta_copy(char *dst, size_t size, const char *src);

/* mta_value_of - the value of "name = value" in text (one line), trimmed,
 * into buf; false when the line is not there. */
bool mta_value_of(const char *text, const char *name, char *buf, size_t size);

/* mta_add_binds - the addresses of a list ("a, b", Exim's "<; a ; b"). */
void mta_add_binds(const char *list, struct mta_identity *out);

/* mta_run - argv's output into *text (owned); false with out->problem set. */
bool mta_run(const char *const argv[], const struct mta_options *opts, char **text, struct mta_identity *out);

#endif
