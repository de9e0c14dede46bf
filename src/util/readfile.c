#include "util/readfile.h"

#include <errno.h>
#include <stdlib.h>

int readfile_stream(FILE *f, size_t max, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    size_t cap = 0, n = 0;
    char *buf = NULL;
    errno = 0;
    for (;;) {
        if (n == cap) {
            size_t want = cap ? cap * 2 : 65536;
            /* One byte past max is read, so that a file of exactly max bytes is accepted. */
            if (max && want > max + 1)
                want = max + 1;
            if (want <= cap) {
                free(buf);
                return EFBIG;
            }
            char *nb = realloc(buf, want + 1);
            if (!nb) {
                free(buf);
                return ENOMEM;
            }
            buf = nb;
            cap = want;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        /* A folder is named as such, so that a caller can say "ini folder, bukan berkas". */
        int rc = errno == EISDIR ? EISDIR : EIO;
        free(buf);
        return rc;
    }
    if (max && n > max) {
        free(buf);
        return EFBIG;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

int readfile_path(const char *path, size_t max, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno;
    int rc = readfile_stream(f, max, out, len);
    fclose(f);
    return rc;
}
