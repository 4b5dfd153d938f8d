/* fuzz_bounce - the bounce and Received-header reader on any text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "bounce/bounce.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!text)
		return 0;
	struct bounce_result r;
	bounce_explain(text, &r);
	for (size_t i = 0; i < r.count; i++)
		for (const unsigned char *c = (const unsigned char *)r.findings[i].helo; *c; c++)
			if (*c < 0x20 || *c >= 0x7f)
				abort();
	free(text);
	return 0;
}
