/* report - the writers: a finished check as text, JSON, a ticket or a
 * forum post, the next step in words, the walk from the root, and what
 * detect found. The front ends' one door to this folder.
 *
 * Each writer builds its text in memory and hands back one owned string;
 * the caller decides where it goes. Every string that came from DNS or
 * from the user is made safe for where it goes (terminal, JSON, Markdown)
 * before it is written. */
#ifndef PTRDOCTOR_REPORT_H
#define PTRDOCTOR_REPORT_H

#include "advice.h"
#include "json.h"
#include "report_detect.h"
#include "report_input.h"
#include "report_json.h"
#include "report_markdown.h"
#include "report_text.h"
#include "report_ticket.h"
#include "trace_report.h"

#endif
