/*
 * json.h - writes JSON text into a growing string builder (util/sbuf): the server's API answers and
 * the data file of the static verification page.
 *
 * The answers are built once and sent, never parsed back, so a writer is all that is needed.
 * Strings are escaped for JSON and made valid UTF-8 (a byte that is not becomes U+FFFD): the
 * names in findings come from files a clerk uploaded, and one bad byte must not make the
 * whole answer unreadable to the page. A failed allocation is remembered and reported once
 * by json_take, so callers write without checking each call.
 */
#ifndef KP_UTIL_JSON_H
#define KP_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "util/sbuf.h"

/* A growing sbuf (util/sbuf.h): JSON is plain text appended to the one string builder. */
typedef sbuf json_buf;

/* An empty buffer. */
void json_init(json_buf *j);

/* Releases the text (after json_take, nothing is left to release). */
void json_free(json_buf *j);

/* Appends text as it is (punctuation, numbers). */
void json_raw(json_buf *j, const char *s);

/* Appends printf-formatted text as it is. */
void json_fmt(json_buf *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends s as a quoted JSON string, or null when s is NULL. */
void json_str(json_buf *j, const char *s);

/* Appends n bytes at s as a quoted JSON string. */
void json_strn(json_buf *j, const char *s, size_t n);

/* The text (malloc'd, caller frees) and its length; NULL when memory ran out. */
char *json_take(json_buf *j, size_t *len);

#endif
