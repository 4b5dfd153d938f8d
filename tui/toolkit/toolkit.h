/* toolkit - terminal pieces that know nothing of ptrdoctor's screens:
 * curses started and stopped safely (term), text wrapped at words and
 * names at dots (wrap), an input field and a menu (widgets, on the form
 * and menu libraries), a scrolling text view (textview) and a modal box
 * (overlay, on the panel library), driven by actions (action.h). */
#ifndef PTRDOCTOR_TOOLKIT_H
#define PTRDOCTOR_TOOLKIT_H

#include "action.h"
#include "overlay.h"
#include "term.h"
#include "textview.h"
#include "widgets.h"
#include "wrap.h"

#endif
