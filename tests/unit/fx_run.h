/*
 * fx_run.h - the standard output of a shell command, for the tests that read their documents
 * back with pdftotext, pdffonts, qpdf or unzip. Include after <cmocka.h>.
 *
 * These tools are what `make test` installs (scripts/install-deps.sh test): a missing one
 * fails the test by name, never skips it, so that a test cannot pass by not running.
 */
#ifndef KP_FX_RUN_H
#define KP_FX_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fails the test unless tool is on PATH. */
static inline void fx_need(const char *tool)
{
    /* The tests call the same few tools again and again: one look-up each in a row. */
    static char known[64];
    if (!strcmp(known, tool))
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v '%s' >/dev/null 2>&1", tool);
    if (system(cmd) != 0)
        fail_msg("%s tidak terpasang; make test memasangnya (scripts/install-deps.sh test)", tool);
    snprintf(known, sizeof known, "%s", tool);
}

/* The command's whole output, NUL-terminated (caller frees); its pclose status into *status
 * unless status is NULL. */
static inline char *fx_run(const char *cmd, int *status)
{
    /* The command's first word is its tool: a pipeline's shell would hide a missing one
     * behind the last command's status and an empty output. */
    char tool[64];
    snprintf(tool, sizeof tool, "%.*s", (int)strcspn(cmd, " "), cmd);
    fx_need(tool);
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
