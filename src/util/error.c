#include "util/error.h"

#include <errno.h>
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

const char *kp_errno_text(int errnum, char *buf, size_t cap)
{
    /* The values a user meets on files and folders; each names what to look at, not the
     * C library's English. */
    switch (errnum) {
    case ENOENT:
        return "tidak ditemukan";
    case ENOTDIR:
        return "sebagian jalurnya bukan folder";
    case EISDIR:
        return "ini folder, bukan berkas";
    case EACCES:
    case EPERM:
        return "izin ditolak";
    case ENOSPC:
        return "disk penuh";
#ifdef EDQUOT
    case EDQUOT:
        return "kuota disk habis";
#endif
    case EROFS:
        return "sistem berkas hanya dapat dibaca";
    case ENOMEM:
        return "memori habis";
    case EMFILE:
    case ENFILE:
        return "terlalu banyak berkas terbuka";
    case ENAMETOOLONG:
        return "nama jalur terlalu panjang";
    case ELOOP:
        return "terlalu banyak tautan simbolik";
    case EEXIST:
        return "sudah ada";
    case EBUSY:
        return "sedang dipakai";
    case EIO:
        return "kesalahan baca/tulis perangkat";
    case EFBIG:
        return "berkas terlalu besar";
    default:
        break;
    }
    snprintf(buf, cap, "galat sistem %d (%s)", errnum, strerror(errnum));
    return buf;
}

kp_status kp_error_errno(kp_error *err, kp_status status, const char *path, int errnum,
                         const char *what, const char *verb)
{
    if (errnum == 0) /* a short write or read that set no errno */
        errnum = EIO;
    /* Only a file being read is itself what is missing; one being made or written is missing
     * a folder on its way. */
    int reading = strcmp(verb, "dibaca") == 0 || strcmp(verb, "dibuka") == 0;
    if (errnum == ENOENT) {
        if (reading)
            return kp_error_set(err, status, path, 0, 0, "%s tidak ditemukan", what);
        return kp_error_set(err, status, path, 0, 0,
                            "%s tidak dapat %s: folder tujuannya tidak ada", what, verb);
    }
    char buf[128];
    return kp_error_set(err, status, path, 0, 0, "%s tidak dapat %s: %s", what, verb,
                        kp_errno_text(errnum, buf, sizeof buf));
}
