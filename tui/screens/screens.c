/* screens - the table of the wizard's screens. */
#include "screens.h"

const struct screen *const screens_all[SCREEN_COUNT] = {
	[SCREEN_WELCOME] = &screen_welcome, [SCREEN_IP] = &screen_ip,         [SCREEN_HELO] = &screen_helo,
	[SCREEN_PROVIDER] = &screen_provider, [SCREEN_STEPS] = &screen_steps, [SCREEN_VERDICT] = &screen_verdict,
	[SCREEN_LABS] = &screen_labs,       [SCREEN_PASTE] = &screen_paste,   [SCREEN_SOURCE] = &screen_source,
	[SCREEN_POOL] = &screen_pool,       [SCREEN_MACHINE] = &screen_machine,
};
