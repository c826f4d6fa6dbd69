/* SPDX-License-Identifier: GPL-2.0 */
/* "stats reset" without resetting the kernel: the kernel's counters cannot
 * be cleared (stock 6.12 has no command for it, and clearing them would
 * change them for every user). Instead each user keeps a baseline, per
 * network namespace and SMC variant, under $XDG_STATE_HOME (default
 * ~/.local/state)/smc-tools/, written atomically, mode 0600. A baseline
 * from another boot, or one that counters have fallen below (the module
 * was reloaded), is ignored.
 */
#ifndef SMC_TOOLS_STATS_BASELINE_H
#define SMC_TOOLS_STATS_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include <smcnl/smcnl.h>

struct stats_sample {
	struct smcnl_stats stats;
	struct smcnl_fback_stats fback;
};

/* The file of this user, namespace and variant ("smcr", "smcd"). */
int stats_baseline_path(char *buf, size_t size, const char *variant);
/* 0 and *base filled, -ENOENT when there is no usable baseline, or a
 * negative errno when the file cannot be read.
 */
int stats_baseline_load(const char *path, struct stats_sample *base);
/* Writes cur as the new baseline; a negative errno on failure. */
int stats_baseline_save(const char *path, const struct stats_sample *cur);
/* cur -= base; false (cur unchanged) when a counter is below its baseline. */
bool stats_baseline_apply(struct stats_sample *cur, const struct stats_sample *base);

#endif
