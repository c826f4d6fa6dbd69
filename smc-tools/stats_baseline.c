// SPDX-License-Identifier: GPL-2.0
/* The per-user statistics baseline behind "stats reset". */
#include "stats_baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "smc-tools-stats-baseline 1"
#define N_COUNTERS (sizeof(struct smcnl_stats) / sizeof(uint64_t))

static int read_boot_id(char *buf, size_t size)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	int rc = -errno;

	if (!f)
		return rc;
	rc = fgets(buf, (int)size, f) ? 0 : -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return rc;
}

/* mkdir -p of the directory part, each level 0700. */
static int make_dirs(char *path)
{
	char *p;

	for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST) {
			int rc = -errno;

			*p = '/';
			return rc;
		}
		*p = '/';
	}
	return 0;
}

int stats_baseline_path(char *buf, size_t size, const char *variant)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct stat ns;
	int n;

	if (stat("/proc/self/ns/net", &ns))
		return -errno;
	if (state && state[0] == '/')
		n = snprintf(buf, size, "%s/smc-tools/stats-%s-net%llu", state, variant,
			     (unsigned long long)ns.st_ino);
	else if (home && home[0] == '/')
		n = snprintf(buf, size, "%s/.local/state/smc-tools/stats-%s-net%llu", home,
			     variant, (unsigned long long)ns.st_ino);
	else
		return -ENOENT;
	return n < (int)size ? 0 : -ENAMETOOLONG;
}

static const uint64_t *counters(const struct smcnl_stats *s)
{
	return (const uint64_t *)s;
}

int stats_baseline_load(const char *path, struct stats_sample *base)
{
	char boot[64], file_boot[64], side[8];
	unsigned long long v, w;
	int rc = -ENOENT;
	uint64_t *c;
	size_t i;
	FILE *f;

	memset(base, 0, sizeof(*base));
	f = fopen(path, "r");
	if (!f)
		return -errno;
	c = (uint64_t *)&base->stats;
	if (read_boot_id(boot, sizeof(boot)) ||
	    fscanf(f, MAGIC " boot %63s counters %llu", file_boot, &v) != 2 ||
	    strcmp(boot, file_boot) || v != N_COUNTERS)
		goto out;
	for (i = 0; i < N_COUNTERS; i++) {
		if (fscanf(f, " %llu", &v) != 1)
			goto out;
		c[i] = v;
	}
	if (fscanf(f, " fallback %llu %llu", &v, &w) != 2)
		goto out;
	base->fback.srv_total = v;
	base->fback.clnt_total = w;
	while (fscanf(f, " %7s %llx %llu", side, &v, &w) == 3) {
		bool srv = !strcmp(side, "srv");
		unsigned int *n = srv ? &base->fback.n_srv : &base->fback.n_clnt;
		struct smcnl_fback_reason *r = srv ? base->fback.srv : base->fback.clnt;

		if (*n < SMCNL_MAX_FBACK_REASONS) {
			r[*n].code = (uint32_t)v;
			r[(*n)++].count = w;
		}
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

int stats_baseline_save(const char *path, const struct stats_sample *cur)
{
	char boot[64], tmp[4096];
	const uint64_t *c = counters(&cur->stats);
	unsigned int i;
	FILE *f;
	int fd, rc;

	rc = read_boot_id(boot, sizeof(boot));
	if (rc)
		return rc;
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	rc = make_dirs(tmp);
	if (rc)
		return rc;
	fd = mkstemp(tmp);	/* 0600 */
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		unlink(tmp);
		return rc;
	}
	fprintf(f, MAGIC "\nboot %s\ncounters %zu\n", boot, N_COUNTERS);
	for (i = 0; i < N_COUNTERS; i++)
		fprintf(f, "%" PRIu64 "%c", c[i], i % 8 == 7 ? '\n' : ' ');
	fprintf(f, "\nfallback %" PRIu64 " %" PRIu64 "\n", cur->fback.srv_total,
		cur->fback.clnt_total);
	for (i = 0; i < cur->fback.n_srv; i++)
		fprintf(f, "srv %08x %" PRIu64 "\n", cur->fback.srv[i].code, cur->fback.srv[i].count);
	for (i = 0; i < cur->fback.n_clnt; i++)
		fprintf(f, "clnt %08x %" PRIu64 "\n", cur->fback.clnt[i].code,
			cur->fback.clnt[i].count);
	if (ferror(f) | fclose(f)) {
		rc = -EIO;
		unlink(tmp);
		return rc;
	}
	if (rename(tmp, path)) {
		rc = -errno;
		unlink(tmp);
		return rc;
	}
	return 0;
}

static bool sub_reasons(struct smcnl_fback_reason *cur, unsigned int n_cur,
			const struct smcnl_fback_reason *base, unsigned int n_base)
{
	unsigned int i, j;

	for (j = 0; j < n_base; j++)
		for (i = 0; i < n_cur; i++)
			if (cur[i].code == base[j].code) {
				if (cur[i].count < base[j].count)
					return false;
				cur[i].count -= base[j].count;
			}
	return true;
}

bool stats_baseline_apply(struct stats_sample *cur, const struct stats_sample *base)
{
	struct stats_sample out = *cur;
	struct smcnl_stats base_stats = base->stats;
	uint64_t *c = (uint64_t *)&out.stats;
	const uint64_t *b = counters(&base_stats);
	size_t i;
	int t, d;

	/* Buffer usage is a level, not a counter: never subtracted. */
	for (t = 0; t < SMCNL_TECHS; t++)
		for (d = 0; d < SMCNL_DIRS; d++)
			base_stats.tech[t].buf_usage[d] = 0;
	for (i = 0; i < N_COUNTERS; i++) {
		if (c[i] < b[i])
			return false;
		c[i] -= b[i];
	}
	if (out.fback.srv_total < base->fback.srv_total ||
	    out.fback.clnt_total < base->fback.clnt_total)
		return false;
	out.fback.srv_total -= base->fback.srv_total;
	out.fback.clnt_total -= base->fback.clnt_total;
	if (!sub_reasons(out.fback.srv, out.fback.n_srv, base->fback.srv, base->fback.n_srv) ||
	    !sub_reasons(out.fback.clnt, out.fback.n_clnt, base->fback.clnt, base->fback.n_clnt))
		return false;
	*cur = out;
	return true;
}
