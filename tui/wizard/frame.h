/* frame - what surrounds every screen, and the drawing of one whole
 * frame: title, breadcrumb, the screen in view, the message and key
 * lines, any overlay; or the "too small" screen. */
#ifndef PTRDOCTOR_FRAME_H
#define PTRDOCTOR_FRAME_H

struct wizard;

/* frame_draw - the whole terminal from the model. */
void frame_draw(struct wizard *w);

#endif
