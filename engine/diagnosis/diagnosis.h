/* diagnosis - one check's lookups: the plan of questions round by round,
 * each step with its dig command and answer, what each answer means in
 * words, and the evidence and zone authority read from them. The front
 * ends' one door to this folder. */
#ifndef PTRDOCTOR_DIAGNOSIS_H
#define PTRDOCTOR_DIAGNOSIS_H

#include "diagnose.h"
#include "evidence.h"
#include "meaning.h"
#include "plan.h"
#include "step.h"

#endif
