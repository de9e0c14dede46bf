#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kp_error_clear(kp_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

kp_status kp_error_set(kp_error *err, kp_status status, const char *file, int line, int col,
                       const char *fmt, ...)
{
    if (!err)
        return status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

char *kp_error_format(const kp_error *err, char *buf, size_t cap)
{
    if (!err->file[0])
        snprintf(buf, cap, "%s", err->msg);
    else if (err->line <= 0)
        snprintf(buf, cap, "%s: %s", err->file, err->msg);
    else if (err->col <= 0)
        snprintf(buf, cap, "%s:%d: %s", err->file, err->line, err->msg);
    else
        snprintf(buf, cap, "%s:%d:%d: %s", err->file, err->line, err->col, err->msg);
    return buf;
}
