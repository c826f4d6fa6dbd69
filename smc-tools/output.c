// SPDX-License-Identifier: GPL-2.0
#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

void out_open(struct out *o, bool json, bool pretty)
{
	memset(o, 0, sizeof(*o));
	o->json = json;
	o->pretty = pretty;
	if (json)
		o->stack[0] = json_object_new_object();
	else
		o->text = open_memstream(&o->text_buf, &o->text_len);
}

/* Text as it is given, kept for out_close(). */
static void text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (!o->text)
		return;
	va_start(ap, fmt);
	vfprintf(o->text, fmt, ap);
	va_end(ap);
}

/* Adds v to the innermost container. */
static void add(struct out *o, const char *key, struct json_object *v)
{
	struct json_object *top = o->stack[o->depth];

	if (json_object_is_type(top, json_type_array))
		json_object_array_add(top, v);
	else
		json_object_object_add(top, key ? key : "", v);
}

static void begin(struct out *o, const char *key, struct json_object *c)
{
	if (!o->json)
		return;
	if (o->depth + 1 >= OUT_MAX_DEPTH) {
		json_object_put(c);
		return;
	}
	add(o, key, c);
	o->stack[++o->depth] = c;
}

void out_object_begin(struct out *o, const char *key)
{
	if (o->json)
		begin(o, key, json_object_new_object());
}

void out_array_begin(struct out *o, const char *key)
{
	if (o->json)
		begin(o, key, json_object_new_array());
}

void out_end(struct out *o)
{
	if (o->json && o->depth > 0)
		o->depth--;
}

void out_str(struct out *o, const char *key, const char *fmt, const char *val)
{
	if (o->json)
		add(o, key, json_object_new_string(val));
	else if (fmt)
		text(o, fmt, val);
}

void out_uint(struct out *o, const char *key, const char *fmt, uint64_t val)
{
	if (o->json)
		add(o, key, json_object_new_uint64(val));
	else if (fmt)
		text(o, fmt, (unsigned long long)val);
}

void out_bool(struct out *o, const char *key, const char *fmt, const char *words,
	      bool val)
{
	if (o->json)
		add(o, key, json_object_new_boolean(val));
	else if (fmt)
		text(o, fmt, words);
}

void out_text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json || !o->text)
		return;
	va_start(ap, fmt);
	vfprintf(o->text, fmt, ap);
	va_end(ap);
}

int out_close(struct out *o)
{
	int rc = 0;

	if (o->json) {
		const char *s = json_object_to_json_string_ext(o->stack[0],
			o->pretty ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN);

		if (puts(s) < 0)
			rc = -1;
		json_object_put(o->stack[0]);
	} else if (o->text) {
		fclose(o->text);
		if (o->text_len && fwrite(o->text_buf, 1, o->text_len, stdout) != o->text_len)
			rc = -1;
		free(o->text_buf);
	}
	if (fflush(stdout))
		rc = -1;
	return rc;
}

void out_discard(struct out *o)
{
	if (o->json) {
		json_object_put(o->stack[0]);
	} else if (o->text) {
		fclose(o->text);
		free(o->text_buf);
	}
}
