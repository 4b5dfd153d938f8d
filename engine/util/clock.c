/* clock - times as people read them. */
#define _POSIX_C_SOURCE 200809L
#include "clock.h"

#include <stdio.h>
#include <time.h>

void clock_local(long long when, bool seconds, char *buf, size_t size)
{
	time_t t = (time_t)when;
	struct tm tm;
	if (!localtime_r(&t, &tm) || strftime(buf, size, seconds ? "%H:%M:%S" : "%H:%M", &tm) == 0)
		snprintf(buf, size, "?");
}
