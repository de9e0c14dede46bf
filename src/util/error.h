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

/*
 * What went wrong, as a kind. These are not exit codes: main.c alone maps a status to the
 * CLI's exit code (see README "Kode keluar"), and layani to an HTTP answer. The values are
 * deliberately unlike the exit codes so that a status returned from main() by mistake shows
 * in the tests instead of passing for the right code.
 */
typedef enum kp_status {
    KP_OK = 0,
    KP_ERR_USAGE = 101, /* wrong options or arguments */
    KP_ERR_DATA,        /* input, rubric or template content is wrong, or such a file is missing */
    KP_ERR_IO,          /* output or system failure: cannot write, disk full, no memory */
    /* A caller broke a function's contract (a bug, not the user's fault): the layout engine
     * asked for a font the template does not have, a page before the document, ... */
    KP_ERR_INTERNAL,
    /* `kepatuhan verifikasi`: the code or file is not one this issuer's register holds */
    KP_TIDAK_ASLI,
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
 * The reason behind an errno value in Indonesian ("tidak ditemukan", "izin ditolak", "disk
 * penuh", ...), for messages that users read; an unusual value falls back to "galat sistem N
 * (strerror text)" written into buf. Other values return static text, safe from any thread.
 */
const char *kp_errno_text(int errnum, char *buf, size_t cap);

/*
 * The one way a failed system call on a named file or folder becomes an error, so that a
 * missing input, rubric or template file reads alike and no English strerror text reaches the
 * user: "PATH: WHAT tidak ditemukan" for ENOENT when verb is "dibaca" or "dibuka",
 * "PATH: WHAT tidak dapat VERB: folder tujuannya tidak ada" for it on any other verb (a file
 * being made misses a folder, not itself), otherwise "PATH: WHAT tidak dapat VERB: reason"
 * (kp_errno_text; ENOTDIR: "sebagian jalurnya bukan folder"); errnum 0, a short read or
 * write that set none, reads as EIO. what names the role ("berkas", "rubrik", "templat", "folder
 * keluaran"), verb the passive of what failed ("dibaca", "dibuat", "ditulis"). A message that must
 * name a second path or a step uses kp_errno_text for its reason instead. The caller chooses
 * status: KP_ERR_DATA for a file the user named or installed and must fix, KP_ERR_IO for output and
 * system trouble. Returns status, as kp_error_set does.
 */
kp_status kp_error_errno(kp_error *err, kp_status status, const char *path, int errnum,
                         const char *what, const char *verb);

/*
 * Formats err as "FILE:LINE:COL: message" (parts that are empty or 0 are left out) into buf.
 * Returns buf.
 */
char *kp_error_format(const kp_error *err, char *buf, size_t cap);

#endif
