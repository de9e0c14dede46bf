#include "util/path.h"

#include <stdarg.h>
#include <stdio.h>

kp_status path_format(char *buf, size_t cap, kp_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "jalur berkas terlalu panjang: %.200s",
                            buf);
    return KP_OK;
}
