// SPDX-License-Identifier: GPL-2.0
/* The CLC feature extensions two peers agreed on, as words: a comma list
 * in text ("-" for none), an array of names in JSON. Bits this build does
 * not know are shown as "bitN".
 */
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "output.h"
#include "smc_tool.h"

void out_features(struct out *o, const char *key, const char *fmt,
		  uint32_t features)
{
	char text[256] = "", word[16];
	const char *name;
	unsigned int bit;

	out_array_begin(o, key);
	for (bit = 0; bit < 32; bit++) {
		if (!(features & (1u << bit)))
			continue;
		name = smcnl_feature_name(bit);
		if (!name) {
			snprintf(word, sizeof(word), "bit%u", bit);
			name = word;
		}
		out_str(o, NULL, NULL, name);
		if (text[0])
			strncat(text, ",", sizeof(text) - strlen(text) - 1);
		strncat(text, name, sizeof(text) - strlen(text) - 1);
	}
	out_end(o);
	if (fmt)
		out_text(o, fmt, text[0] ? text : "-");
}
