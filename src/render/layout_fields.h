/*
 * layout_fields.h - the field map behind every template's {placeholders}: placeholder name
 * -> UTF-8 value, set by the document writers for each document and read by the layout
 * engine (layout.h) when it draws a template's texts.
 *
 * The placeholder syntax lives here alone, so that the template parser's load-time check
 * and the expansion at drawing time agree on it: {name} with name [a-z0-9_]+, "{{" and "}}"
 * for literal braces.
 */
#ifndef KP_LAYOUT_FIELDS_H
#define KP_LAYOUT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* One text (after placeholder expansion and encoding) never needs more: a letter's longest
 * paragraph is a few hundred characters. Longer is refused, not truncated. */
#define LAYOUT_TEXT_MAX 8192

/* Placeholder, style, colour and block names are shorter than this. */
#define LAYOUT_NAME_MAX 48

typedef struct layout_fields layout_fields;

/* An empty map, or NULL when memory runs out. */
layout_fields *layout_fields_new(void);

/* Releases the map and every value. NULL is allowed. */
void layout_fields_free(layout_fields *f);

/* Empties the map, keeping its memory for the next document. */
void layout_fields_clear(layout_fields *f);

/*
 * Sets key to a copy of value (UTF-8), replacing an earlier value. Keys are [a-z0-9_]+.
 * KP_ERR_IO when memory runs out, KP_ERR_INTERNAL for a malformed key.
 */
kp_status layout_fields_set(layout_fields *f, const char *key, const char *value, kp_error *err);

/* As layout_fields_set with a printf-formatted value. */
kp_status layout_fields_setf(layout_fields *f, kp_error *err, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The value of key, or NULL when it is not set. Valid until the key is set again or cleared. */
const char *layout_fields_get(const layout_fields *f, const char *key);

/*
 * Replaces every {name} in text with its value from f ("{{" and "}}" are literal braces)
 * into out (cap bytes, NUL-terminated). KP_ERR_DATA naming the placeholder when a field is
 * not set or the text has an unclosed brace; KP_ERR_DATA when the result does not fit.
 * The error carries file/line when given (the template line of the text), else none.
 */
kp_status layout_fields_expand(const layout_fields *f, const char *text, char *out, size_t cap,
                               const char *file, int line, kp_error *err);

/* Whether s[0..len) is a well-formed field name: 1 to LAYOUT_NAME_MAX - 1 of [a-z0-9_]. */
bool layout_fields_valid_key(const char *s, size_t len);

/* Called by layout_fields_scan with each placeholder's name (not NUL-terminated). */
typedef kp_status (*layout_fields_scan_fn)(void *user, const char *name, size_t len, kp_error *err);

/*
 * Walks the placeholders of text: calls fn for each {name}. Returns fn's first status that
 * is not KP_OK, or KP_ERR_DATA located at file/line for an unpaired brace or a malformed
 * name.
 */
kp_status layout_fields_scan(const char *text, layout_fields_scan_fn fn, void *user,
                             const char *file, int line, kp_error *err);

#endif
