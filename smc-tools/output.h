/* SPDX-License-Identifier: GPL-2.0 */
/* One output path for text and JSON, in the manner of iproute2's
 * print_*(PRINT_ANY, key, fmt, value): every value is given once, with its
 * JSON key and its text format. Both are held until out_close() prints
 * them, so a command that fails half-way prints nothing on stdout.
 */
#ifndef SMC_TOOLS_OUTPUT_H
#define SMC_TOOLS_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;

#define OUT_MAX_DEPTH 8

struct out {
	bool json;
	bool pretty;
	FILE *text;		/* text mode: a memory stream */
	char *text_buf;
	size_t text_len;
	int depth;
	struct json_object *stack[OUT_MAX_DEPTH];
	const char *keys[OUT_MAX_DEPTH];
};

void out_open(struct out *o, bool json, bool pretty);
/* Prints the JSON document; 0, or -1 when it could not be written. */
int out_close(struct out *o);
/* Drops the document unprinted: a failed command prints no half JSON. */
void out_discard(struct out *o);

/* Containers: key names the member in the enclosing object, NULL inside an
 * array. Text output ignores them.
 */
void out_object_begin(struct out *o, const char *key);
void out_array_begin(struct out *o, const char *key);
void out_end(struct out *o);

/* A value: JSON member key (or array element when key is NULL), and text
 * printed with fmt (nothing when fmt is NULL).
 */
void out_str(struct out *o, const char *key, const char *fmt, const char *val);
void out_uint(struct out *o, const char *key, const char *fmt, uint64_t val);
void out_bool(struct out *o, const char *key, const char *fmt, const char *words,
	      bool val);
/* Text only: headings, separators, line ends. */
void out_text(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
