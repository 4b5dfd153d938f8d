/* report_detect - what detect found, as text or JSON. */
#define _POSIX_C_SOURCE 200809L
#include "report_detect.h"

#include <stdio.h>
#include <string.h>

#include "json.h"
#include "util/names.h"

static const char *families(const struct detection *d)
{
	if (d->mta.kind == MTA_NONE || (d->mta.ipv4 && d->mta.ipv6))
		return "IPv4 and IPv6";
	return d->mta.ipv4 ? "IPv4 only" : d->mta.ipv6 ? "IPv6 only" : "none";
}

static void print_mta(FILE *out, const struct detection *d)
{
	char a[600], b[600];
	if (d->mta.kind == MTA_NONE) {
		fprintf(out, "Mail server: none found\n");
		return;
	}
	names_escape(d->mta.version, a, sizeof a);
	names_escape(d->mta.config, b, sizeof b);
	fprintf(out, "Mail server: %s%s%s%s%s%s\n", mta_kind_name(d->mta.kind), a[0] ? " " : "", a,
		b[0] ? " (configuration " : "", b, b[0] ? ")" : "");
	names_escape(d->helo, a, sizeof a);
	names_escape(d->mta.helo_source, b, sizeof b);
	fprintf(out, "HELO: %s%s%s%s\n", a[0] ? a : "(not found)", b[0] ? "   (" : "", b, b[0] ? ")" : "");
	fprintf(out, "Sends over: %s%s%s%s\n", families(d), d->mta.families_source[0] ? "   (" : "",
		d->mta.families_source, d->mta.families_source[0] ? ")" : "");
	names_escape(d->mta.relayhost, a, sizeof a);
	fprintf(out, "Relay: %s%s%s%s\n", a[0] ? a : "none, it delivers itself", a[0] ? "   (" : "",
		a[0] ? d->mta.relay_source : "", a[0] ? ")" : "");
}

void report_detect_text(FILE *out, const struct detection *d)
{
	print_mta(out, d);
	fprintf(out, "Addresses:\n");
	if (d->address_count == 0)
		fprintf(out, "  none: no global address on the interfaces and no route\n");
	for (size_t i = 0; i < d->address_count; i++) {
		const struct detected_address *a = &d->addresses[i];
		fprintf(out, "  %-40s IPv%d  %-9s  %-13s %s%s\n", a->ip.text, a->ip.family == AF_INET ? 4 : 6, a->source,
			a->public ? "public" : names_ip_kind_name(names_ip_kind(&a->ip)), a->sends ? "sends" : "-",
			a->temporary ? "  temporary" : "");
	}
	fprintf(out, "Container: %s\n", d->container ? d->container_evidence : "no");
	if (d->note_count)
		fprintf(out, "\n");
	for (size_t i = 0; i < d->note_count; i++) {
		char shown[DETECT_NOTE_MAX * 4];
		names_escape(d->notes[i], shown, sizeof shown);
		fprintf(out, "- %s\n", shown);
	}
}

static void print_address_json(FILE *out, const struct detected_address *a)
{
	fprintf(out, "{");
	json_field(out, "ip", a->ip.text, true);
	fprintf(out, ",\"family\":%d", a->ip.family == AF_INET ? 4 : 6);
	json_field(out, "source", a->source, false);
	fprintf(out, ",\"public\":%s,\"sends\":%s,\"temporary\":%s}", a->public ? "true" : "false",
		a->sends ? "true" : "false", a->temporary ? "true" : "false");
}

void report_detect_json(FILE *out, const struct detection *d)
{
	bool found = d->mta.kind != MTA_NONE;
	fprintf(out, "{");
	json_field(out, "mta", mta_kind_name(d->mta.kind), true);
	json_field(out, "mta_version", found && d->mta.version[0] ? d->mta.version : NULL, false);
	json_field(out, "mta_config", found && d->mta.config[0] ? d->mta.config : NULL, false);
	json_field(out, "helo", d->helo[0] ? d->helo : NULL, false);
	json_field(out, "helo_source", d->mta.helo_source[0] ? d->mta.helo_source : NULL, false);
	fprintf(out, ",\"ipv4\":%s,\"ipv6\":%s", !found || d->mta.ipv4 ? "true" : "false",
		!found || d->mta.ipv6 ? "true" : "false");
	json_key(out, "addresses", false);
	fprintf(out, "[");
	for (size_t i = 0; i < d->address_count; i++) {
		if (i)
			fprintf(out, ",");
		print_address_json(out, &d->addresses[i]);
	}
	fprintf(out, "]");
	json_field(out, "relayhost", d->mta.relayhost[0] ? d->mta.relayhost : NULL, false);
	fprintf(out, ",\"container\":%s", d->container ? "true" : "false");
	json_key(out, "notes", false);
	fprintf(out, "[");
	for (size_t i = 0; i < d->note_count; i++) {
		if (i)
			fprintf(out, ",");
		json_string(out, d->notes[i]);
	}
	fprintf(out, "]}");
}
