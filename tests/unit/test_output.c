// SPDX-License-Identifier: GPL-2.0
/* smc-tools' output layer: the same calls give the text and the JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "output.h"

static char captured[4096];

/* Runs print() with stdout sent to a file, and keeps what it wrote. */
static void capture(void (*print)(struct out *), bool json)
{
	char path[] = "/tmp/smc-output-XXXXXX";
	int fd = mkstemp(path), saved = dup(STDOUT_FILENO);
	struct out o;
	FILE *f;
	size_t n;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	out_open(&o, json, false);
	print(&o);
	assert_int_equal(out_close(&o), 0);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(captured, 1, sizeof(captured) - 1, f);
	captured[n] = '\0';
	fclose(f);
	close(fd);
	unlink(path);
}

static void print_ueids(struct out *o)
{
	out_array_begin(o, "ueid");
	out_str(o, NULL, "%s\n", "SMCNEXT-LAB-UEID");
	out_str(o, NULL, "%s\n", "B.2");
	out_end(o);
}

static void print_seid(struct out *o)
{
	out_text(o, "%s", "");
	out_str(o, "seid", "%s ", "");
	out_bool(o, "enabled", "[%s]\n", "disabled", false);
}

static void print_nested(struct out *o)
{
	out_text(o, "LG-ID    #Conns\n");
	out_array_begin(o, "linkgroups");
	out_object_begin(o, NULL);
	out_uint(o, "id", "%08llx ", 0x100);
	out_uint(o, "conns", "%6llu\n", 2);
	out_end(o);
	out_end(o);
}

static void ueid_list(void **state)
{
	(void)state;
	capture(print_ueids, false);
	assert_string_equal(captured, "SMCNEXT-LAB-UEID\nB.2\n");
	capture(print_ueids, true);
	assert_string_equal(captured, "{\"ueid\":[\"SMCNEXT-LAB-UEID\",\"B.2\"]}\n");
}

static void seid_as_ibm_prints_it(void **state)
{
	(void)state;
	capture(print_seid, false);
	assert_string_equal(captured, " [disabled]\n");
	capture(print_seid, true);
	assert_string_equal(captured, "{\"seid\":\"\",\"enabled\":false}\n");
}

static void text_headings_stay_out_of_json(void **state)
{
	(void)state;
	capture(print_nested, false);
	assert_string_equal(captured, "LG-ID    #Conns\n00000100      2\n");
	capture(print_nested, true);
	assert_string_equal(captured, "{\"linkgroups\":[{\"id\":256,\"conns\":2}]}\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ueid_list),
		cmocka_unit_test(seid_as_ibm_prints_it),
		cmocka_unit_test(text_headings_stay_out_of_json),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
