/*
 * path.h - a file path formatted into a fixed buffer, refused rather than cut.
 *
 * A path that does not fit would otherwise be truncated silently and a document written
 * under a wrong name, or a template looked for where it is not.
 */
#ifndef KP_PATH_H
#define KP_PATH_H

#include <stddef.h>

#include "util/error.h"

/*
 * vsnprintf(buf, cap, fmt, ...). When the result does not fit in cap bytes (or the format
 * fails) returns KP_ERR_IO, "jalur berkas terlalu panjang: " and the first 200 bytes of what
 * fitted; buf then holds that cut text and must not be used as a path. KP_OK otherwise.
 */
kp_status path_format(char *buf, size_t cap, kp_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
