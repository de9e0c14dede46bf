/*
 * error.h - status codes and the error value every stage fills.
 *
 * Library code never prints and never exits: a function that can fail returns a kp_status
 * and, when it fails, fills a kp_error that says where (file, line, column) and what, in
 * Indonesian, ready for main() to print as "FILE:LINE:COL: message".
 */
#ifndef KP_ERROR_H
#define KP_ERROR_H

#include <stddef.h>

/* The values double as the CLI's exit codes (see README "Kode keluar"). */
typedef enum kp_status {
    KP_OK = 0,
    KP_ERR_USAGE = 1, /* wrong options or arguments */
    KP_ERR_DATA = 2,  /* input, rubric or template content is wrong */
    KP_ERR_IO = 3,    /* output or system failure: cannot read/write, disk full, no memory */
    /* `kepatuhan verifikasi`: the code or file is not one this issuer's register holds */
    KP_TIDAK_ASLI = 4,
} kp_status;

#define KP_ERROR_MSG_MAX  512
#define KP_ERROR_FILE_MAX 256

/* Where and what. line/col are 1-based; 0 means "not applicable". */
typedef struct kp_error {
    char file[KP_ERROR_FILE_MAX];
    int line;
    int col;
    char msg[KP_ERROR_MSG_MAX];
} kp_error;

/* Clears an error value (empty file and message, line and col 0). */
void kp_error_clear(kp_error *err);

/*
 * Fills err (which may be NULL: then nothing happens) with a location and a printf-style
 * message; file may be NULL. Returns status, so that callers can write
 * `return kp_error_set(err, KP_ERR_DATA, path, line, 0, "...")`.
 */
kp_status kp_error_set(kp_error *err, kp_status status, const char *file, int line, int col,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Formats err as "FILE:LINE:COL: message" (parts that are empty or 0 are left out) into buf.
 * Returns buf.
 */
char *kp_error_format(const kp_error *err, char *buf, size_t cap);

#endif
