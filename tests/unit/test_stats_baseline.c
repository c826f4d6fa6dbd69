// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of the "stats reset" baseline: where it lives, that only
 * its owner can read it, that it round-trips, and that a stale or damaged
 * one is ignored rather than producing negative figures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "stats_baseline.h"

static char dir[] = "/tmp/test_stats_baseline.XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	return setenv("XDG_STATE_HOME", dir, 1);
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void sample(struct stats_sample *s, uint64_t k)
{
	memset(s, 0, sizeof(*s));
	s->stats.tech[SMCNL_TECH_SMCR].bytes[SMCNL_TX] = 1000 * k;
	s->stats.tech[SMCNL_TECH_SMCR].buf_usage[SMCNL_RX] = 4096 * k;
	s->stats.tech[SMCNL_TECH_SMCD].payload[SMCNL_RX][8] = 3 * k;
	s->stats.srv_hs_err = k;
	s->fback.clnt_total = 2 * k;
	s->fback.n_clnt = 1;
	s->fback.clnt[0].code = 0x03030008;
	s->fback.clnt[0].count = 2 * k;
}

static void path_per_user_namespace_variant(void **state)
{
	char path[PATH_MAX], home[PATH_MAX];
	struct stat st;

	(void)state;
	assert_int_equal(stats_baseline_path(path, sizeof(path), "smcr"), 0);
	assert_int_equal(strncmp(path, dir, strlen(dir)), 0);
	assert_non_null(strstr(path, "/smc-tools/stats-smcr-net"));
	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	snprintf(home, sizeof(home), "-net%llu", (unsigned long long)st.st_ino);
	assert_non_null(strstr(path, home));

	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/someone", 1);
	assert_int_equal(stats_baseline_path(path, sizeof(path), "smcd"), 0);
	assert_int_equal(strncmp(path, "/home/someone/.local/state/smc-tools/stats-smcd-", 48), 0);
	unsetenv("HOME");
	assert_int_equal(stats_baseline_path(path, sizeof(path), "smcd"), -ENOENT);
	setenv("XDG_STATE_HOME", "relative/dir", 1);	/* not absolute: ignored */
	assert_int_equal(stats_baseline_path(path, sizeof(path), "smcd"), -ENOENT);
	setenv("XDG_STATE_HOME", dir, 1);
	assert_int_equal(stats_baseline_path(path, 10, "smcd"), -ENAMETOOLONG);
}

static void round_trip_private(void **state)
{
	struct stats_sample cur, base;
	char path[PATH_MAX], sub[PATH_MAX];
	struct stat st;

	(void)state;
	assert_int_equal(stats_baseline_path(path, sizeof(path), "smcr"), 0);
	assert_int_equal(stats_baseline_load(path, &base), -ENOENT);
	sample(&cur, 1);
	assert_int_equal(stats_baseline_save(path, &cur), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(sub, sizeof(sub), "%s/smc-tools", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stats_baseline_load(path, &base), 0);
	assert_memory_equal(&base, &cur, sizeof(cur));
}

static void apply_subtracts_counters_not_levels(void **state)
{
	struct stats_sample cur, base;

	(void)state;
	sample(&base, 1);
	sample(&cur, 3);
	assert_true(stats_baseline_apply(&cur, &base));
	assert_int_equal(cur.stats.tech[SMCNL_TECH_SMCR].bytes[SMCNL_TX], 2000);
	assert_int_equal(cur.stats.tech[SMCNL_TECH_SMCD].payload[SMCNL_RX][8], 6);
	assert_int_equal(cur.stats.srv_hs_err, 2);
	assert_int_equal(cur.fback.clnt_total, 4);
	assert_int_equal(cur.fback.clnt[0].count, 4);
	/* buffer usage is a level: shown as it is now */
	assert_int_equal(cur.stats.tech[SMCNL_TECH_SMCR].buf_usage[SMCNL_RX], 3 * 4096);
}

static void apply_refuses_a_stale_baseline(void **state)
{
	struct stats_sample cur, base, copy;

	(void)state;
	sample(&base, 5);
	sample(&cur, 2);	/* the module was reloaded since the reset */
	copy = cur;
	assert_false(stats_baseline_apply(&cur, &base));
	assert_memory_equal(&cur, &copy, sizeof(cur));
	/* a lower buffer usage alone is no reason */
	sample(&base, 1);
	sample(&cur, 1);
	cur.stats.tech[SMCNL_TECH_SMCR].buf_usage[SMCNL_RX] = 0;
	assert_true(stats_baseline_apply(&cur, &base));
}

static void damaged_or_foreign_files_are_ignored(void **state)
{
	static const char *const bad[] = {
		"",
		"something else entirely\n",
		"smc-tools-stats-baseline 1\nboot 00000000-0000-0000-0000-000000000000\n"
		"counters 132\n",
		"smc-tools-stats-baseline 1\nboot %s\ncounters 7\n1 2 3 4 5 6 7\n",
		"smc-tools-stats-baseline 1\nboot %s\ncounters 132\n1 2 3\n",
	};
	char path[PATH_MAX], boot[64] = "";
	struct stats_sample base;
	unsigned int i;
	FILE *f;

	(void)state;
	f = fopen("/proc/sys/kernel/random/boot_id", "r");
	assert_non_null(f);
	assert_non_null(fgets(boot, sizeof(boot), f));
	fclose(f);
	boot[strcspn(boot, "\n")] = '\0';
	assert_int_equal(stats_baseline_path(path, sizeof(path), "smcd"), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, bad[i], boot);
		fclose(f);
		assert_int_equal(stats_baseline_load(path, &base), -ENOENT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_per_user_namespace_variant),
		cmocka_unit_test(round_trip_private),
		cmocka_unit_test(apply_subtracts_counters_not_levels),
		cmocka_unit_test(apply_refuses_a_stale_baseline),
		cmocka_unit_test(damaged_or_foreign_files_are_ignored),
	};

	return cmocka_run_group_tests_name("stats_baseline", tests, setup, teardown);
}
