/* help - the texts under help/, compiled into the binary at build time. */
#include "help.h"

#include <ctype.h>
#include <stdbool.h>

#include <stdio.h>
#include <string.h>

const char *help_text(const char *path)
{
	for (unsigned i = 0; i < help_file_count; i++)
		if (strcmp(help_files[i].path, path) == 0)
			return help_files[i].text;
	return NULL;
}

void help_expand(const char *template, const char *const *keys, const char *const *values, size_t count,
		 char *out, size_t size)
{
	size_t used = 0;
	if (size == 0)
		return;
	for (const char *p = template; *p && used + 1 < size;) {
		size_t k = count;
		if (*p == '{')
			for (k = 0; k < count; k++) {
				size_t len = strlen(keys[k]);
				if (strncmp(p + 1, keys[k], len) == 0 && p[len + 1] == '}')
					break;
			}
		if (k < count) {
			int n = snprintf(out + used, size - used, "%s", values[k]);
			used += n > 0 && (size_t)n < size - used ? (size_t)n : size - used - 1;
			p += strlen(keys[k]) + 2;
		} else {
			out[used++] = *p++;
		}
	}
	out[used] = '\0';
}

bool help_line(const char *path, const char *key, char *buf, size_t size)
{
	const char *text = help_text(path);
	size_t klen = strlen(key);
	for (const char *p = text; p && *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > klen + 2 && strncmp(p, key, klen) == 0 && p[klen] == ':' && p[klen + 1] == ' ') {
			snprintf(buf, size, "%.*s", (int)(len - klen - 2), p + klen + 2);
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* is_header - a short line that starts with a capital and ends with a
 * colon, of letters, digits and spaces only: "Fix:", "IPv6:". */
static bool is_header(const char *line, size_t len)
{
	if (len < 2 || len > 24 || line[len - 1] != ':' || line[0] < 'A' || line[0] > 'Z')
		return false;
	for (size_t i = 1; i + 1 < len; i++)
		if (!isalnum((unsigned char)line[i]) && line[i] != ' ')
			return false;
	return true;
}

void help_section(const char *text, const char *header, char *out, size_t size)
{
	size_t used = 0;
	bool inside = header == NULL;
	out[0] = '\0';
	for (const char *p = text ? text : ""; *p;) {
		size_t len = strcspn(p, "\n");
		if (is_header(p, len)) {
			if (inside)
				break;
			inside = header && strlen(header) == len && strncmp(p, header, len) == 0;
		} else if (inside && used + len + 2 < size) {
			memcpy(out + used, p, len);
			used += len;
			out[used++] = '\n';
		}
		p += len + (p[len] == '\n');
	}
	while (used > 0 && (out[used - 1] == '\n' || out[used - 1] == ' '))
		used--;
	out[used] = '\0';
}
