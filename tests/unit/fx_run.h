/*
 * fx_run.h - the standard output of a shell command, for the tests that read their documents
 * back with pdftotext, pdffonts, qpdf or unzip. Include after <cmocka.h>.
 */
#ifndef KP_FX_RUN_H
#define KP_FX_RUN_H

#include <stdio.h>
#include <stdlib.h>

/* The command's whole output, NUL-terminated (caller frees); its pclose status into *status
 * unless status is NULL. */
static inline char *fx_run(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == cap) {
            buf = realloc(buf, cap *= 2);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    int st = pclose(p);
    if (status)
        *status = st;
    return buf;
}

/* fx_run for a command that must succeed. */
static inline char *fx_run_ok(const char *cmd)
{
    int status;
    char *out = fx_run(cmd, &status);
    assert_int_equal(status, 0);
    return out;
}

#endif
