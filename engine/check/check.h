/* check - a check's findings (rules, receivers' predictions, provider),
 * and the ways to run checks: many at once (batch, targets) and again
 * until a fix lands (watch). The front ends' one door to this folder. */
#ifndef PTRDOCTOR_CHECK_H
#define PTRDOCTOR_CHECK_H

#include "batch.h"
#include "findings.h"
#include "marks.h"
#include "targets.h"
#include "watch.h"

#endif
