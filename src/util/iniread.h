/*
 * iniread.h - the one INI reader every INI file of the project goes through (rubrics,
 * templates, acara.ini, the letters' and the summary's text files), on libinih.
 *
 * libinih itself hands its handler no line number, splits a line longer than its buffer
 * into two without a word, and reports its own syntax errors only as a line number. This
 * reader counts the lines, refuses a line that does not fit and a file with a NUL byte, and
 * turns every error into a located kp_error, so that all INI files fail the same way:
 *
 *     rubrik/2024.ini:7: baris tidak dapat dibaca (harus [bagian], kunci = nilai, atau komentar)
 *
 * The dialect is libinih's defaults: [section], "key = value" (or "key: value"), comments
 * starting with ';' or '#', inline comments after " ;", a UTF-8 byte order mark allowed. A
 * line indented by white space right after a key line continues that key's value: the
 * handler is called again with the same key, the new line as value and iniread_at.cont set.
 */
#ifndef KP_INIREAD_H
#define KP_INIREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Where the reader stands when it calls the handler. */
typedef struct iniread_at {
    const char *path; /* the name given to iniread_buffer / iniread_file, for messages */
    int line;         /* the line of this key (1-based) */
    int section_line; /* the line of the last [section] header, 0 before the first */
    bool cont;        /* the value is an indented continuation line of the previous key */
    /* 1-based byte columns of the key and of the value in their line (after a UTF-8 byte
     * order mark), so that a reader that parses the value can point at the bad part of it;
     * 0 when not in the line (the key of a continuation line). */
    int key_col, value_col;
} iniread_at;

/*
 * Called once per key and once per continuation line, in file order; section is "" before
 * the first [section]. The strings are valid only during the call. Return KP_OK to go on;
 * any other status stops the reading and is returned by iniread_buffer, so the handler
 * must have filled err (through kp_error_set) before returning it.
 */
typedef kp_status (*iniread_handler)(void *user, const iniread_at *at, const char *section,
                                     const char *key, const char *value, kp_error *err);

/*
 * Reads the INI text buf[0..len) (not necessarily NUL-terminated), named path in messages.
 *
 * @return KP_OK, the handler's status, or KP_ERR_DATA with err located at the line that is
 *         not INI syntax, is longer than libinih's line buffer (198 bytes without the line end)
 *         or holds a NUL byte; KP_ERR_IO
 *         when memory runs out. When a syntax error comes before the handler's error, the
 *         syntax error is the one reported: the earliest error wins (a handler's error about
 *         another file, such as an ornament file a template names, stands at the line that
 *         named it).
 */
kp_status iniread_buffer(const char *path, const char *buf, size_t len, iniread_handler fn,
                         void *user, kp_error *err);

/*
 * Reads the INI file at path as iniread_buffer does.
 *
 * @return as iniread_buffer; KP_ERR_IO "tidak dapat dibuka: ..." when the file cannot be
 *         opened or read, KP_ERR_DATA when it is over a mebibyte (no INI file of the
 *         project comes near).
 */
kp_status iniread_file(const char *path, iniread_handler fn, void *user, kp_error *err);

/*
 * Appends one line of a text value to the heap string *dst (NULL: none yet), the way every
 * text of the templates and word files reads: a continuation line joins the text so far with
 * a space, unless that ends with a line break; a literal backslash-n in the value is a line
 * break. The result stays under max bytes with its NUL.
 *
 * @return 0, ERANGE when it would not (*dst unchanged), ENOMEM when memory runs out.
 */
int iniread_text_append(char **dst, const char *value, size_t max);

#endif
