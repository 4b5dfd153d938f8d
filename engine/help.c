/* help - the texts under help/, compiled into the binary at build time. */
#include "help.h"

#include <string.h>

const char *help_text(const char *path)
{
	for (unsigned i = 0; i < help_file_count; i++)
		if (strcmp(help_files[i].path, path) == 0)
			return help_files[i].text;
	return NULL;
}
