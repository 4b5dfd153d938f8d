/* cli - the plain command line, one file per command: check (and with
 * several addresses batch, with --this-machine machine), explain, trace,
 * detect, lab --list. Each prints text or JSON to stdout, reasons to
 * stderr, and returns the process exit code. */
#ifndef PTRDOCTOR_CLI_H
#define PTRDOCTOR_CLI_H

#include "batch_command.h"
#include "check_command.h"
#include "detect_command.h"
#include "explain_command.h"
#include "lab_command.h"
#include "machine_command.h"
#include "trace_command.h"

#endif
