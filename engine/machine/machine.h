/* machine - the mail server on this machine: which one runs (one file per
 * MTA), the HELO it says and the addresses it sends from, and what to
 * change in its configuration. The front ends' one door to this folder. */
#ifndef PTRDOCTOR_MACHINE_H
#define PTRDOCTOR_MACHINE_H

#include "detect.h"
#include "mta.h"
#include "mta_advice.h"

#endif
