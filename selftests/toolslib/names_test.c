// SPDX-License-Identifier: GPL-2.0
/*
 * Every value of each uapi enum that segwctl and enbsim print has a name,
 * no two values share one, and a name parses back to its value. Prints one
 * line per table: "TABLE ok" or "TABLE: what is wrong"; exits 1 on any.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"

static int check(const char *table, const char *const *names, size_t n)
{
	int bad = 0;
	size_t v, w;

	for (v = 1; v < n; v++) {
		if (!names[v] || !names[v][0]) {
			printf("%s: value %zu has no name\n", table, v);
			bad = 1;
			continue;
		}
		for (w = v + 1; w < n; w++)
			if (names[w] && !strcmp(names[v], names[w])) {
				printf("%s: values %zu and %zu are both '%s'\n",
				       table, v, w, names[v]);
				bad = 1;
			}
		if (lwip_segw_name_value(names, n, names[v]) != (int)v) {
			printf("%s: '%s' does not parse back to %zu\n",
			       table, names[v], v);
			bad = 1;
		}
	}
	if (strcmp(lwip_segw_name(names, n, n), "unknown")) {
		printf("%s: out-of-range value %zu is not 'unknown'\n", table, n);
		bad = 1;
	}
	if (!bad)
		printf("%s ok\n", table);
	return bad;
}

#define CHECK(t) check(#t, t, LWIP_SEGW_NAMES_N(t))

int main(void)
{
	int bad = 0;

	bad |= CHECK(lwip_segw_state_names);
	bad |= CHECK(lwip_segw_idi_type_names);
	bad |= CHECK(lwip_segw_reason_names);
	bad |= CHECK(lwip_segw_event_names);
	bad |= CHECK(lwip_segw_ctr_names);
	bad |= CHECK(lwip_segw_drop_names);
	bad |= CHECK(lwip_segw_stat_names);
	bad |= CHECK(lwip_segw_uplink_names);
	bad |= CHECK(lwip_segw_attr_names);
	return bad;
}
