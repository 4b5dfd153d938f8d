/* util - the toolbox every layer shares, with no DNS state of its own:
 * names and addresses (parsing, escaping for the terminal), clocks, text
 * files read whole, the help texts compiled in from help/, and the
 * libraries' versions. Front ends may include any of these. */
#ifndef PTRDOCTOR_UTIL_H
#define PTRDOCTOR_UTIL_H

#include "clock.h"
#include "help.h"
#include "libraries.h"
#include "names.h"
#include "textfile.h"

#endif
