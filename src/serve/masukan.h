/*
 * masukan.h - the files of one upload, stored under names the server chooses.
 *
 * An uploaded name is never used as a path: file i is stored as DIR/<i>.csv (or .xlsx when
 * the name says so, for the reader to know the format), and the name as uploaded is kept
 * beside it only to put back into findings, so a clerk reads "hasil-2023.csv:148:5" and not
 * the server's path. Data is written as it arrives: an upload is never held in memory whole.
 */
#ifndef KP_SERVE_MASUKAN_H
#define KP_SERVE_MASUKAN_H

#include <stddef.h>

#include "util/error.h"

typedef struct masukan {
    char dir[4096];
    char **asli;  /* names as uploaded, control characters and slashes replaced */
    char **jalur; /* DIR/<i>.csv */
    size_t n, cap, maks;
    int fd; /* the file being written, or -1 */
} masukan;

/* Creates DIR (mode 0700, parents included) for at most maks files. */
kp_status masukan_init(masukan *m, const char *dir, size_t maks, kp_error *err);

/* Starts the next file, uploaded as nama. KP_ERR_USAGE past maks files. */
kp_status masukan_mulai(masukan *m, const char *nama, kp_error *err);

/* Appends to the file started last. KP_ERR_IO when the disk refuses. */
kp_status masukan_tulis(masukan *m, const void *data, size_t n, kp_error *err);

/* Closes the file started last (a no-op when none is open). */
kp_status masukan_tutup(masukan *m, kp_error *err);

/* Adds a file already stored as DIR/stored (a job read back after a restart). */
kp_status masukan_tambah(masukan *m, const char *stored, const char *nama, kp_error *err);

/* The uploaded name of a stored path, or path itself when it is none of them. */
const char *masukan_nama(const masukan *m, const char *path);

/* The stored path's last component ("1.csv"). */
const char *masukan_simpan(const masukan *m, size_t i);

/* Closes and releases; the files stay (the caller removes DIR when it is done with them). */
void masukan_fini(masukan *m);

#endif
