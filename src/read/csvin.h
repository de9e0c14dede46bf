/*
 * csvin.h - reading evaluation results from CSV files as Excel and assessment systems write
 * them (see docs/format-masukan.md).
 *
 * Dialect is detected per file: UTF-8 with or without BOM; LF, CRLF or CR; separator ',', ';'
 * or tab; decimal point or comma. Columns are matched by name (case, spaces, '_', '-', '/'
 * and '.' ignored) with common aliases. Every problem is recorded in a diag_list as
 * FILE:LINE:COL (LINE = physical line where the field starts, COL = field number) and
 * reading goes on, so that one run reports them all.
 *
 * Rows are validated against the rubric of their year (component columns, weights, decimals)
 * and percentages are converted to points here, so that everything after the reader sees
 * scores in points only.
 */
#ifndef KP_CSVIN_H
#define KP_CSVIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/decimal.h"
#include "model/names.h"
#include "model/rubric.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/error.h"

/* The largest score a row can hold, in hundredths: rows keep scores in 32 bits. */
#define CSVIN_SCORE_MAX INT32_MAX

/*
 * One record: a unit (skpd != NULL) or an instansi's own published score (skpd == NULL).
 * Scores are integer hundredths like dec_t, stored in 32 bits (the reader refuses anything
 * above CSVIN_SCORE_MAX): a million rows are held at once, and 96 bytes a row instead of 136
 * is 40 MB.
 */
typedef struct csvin_row {
    const char *file;          /* as given on the command line (shared, interned) */
    const char *provinsi;      /* canonical (interned) */
    const char *instansi;      /* canonical: "Kota Banjarbaru" (interned) */
    const char *instansi_asli; /* as written in the file (interned) */
    const char *kode;          /* Kemendagri code as written, or NULL (interned) */
    const char *skpd;          /* unit name, or NULL for an instansi-level row (interned) */
    uint32_t line;             /* physical line where the record starts */
    int16_t tahun;
    uint8_t jenis;                 /* enum jenis: from the column, else derived from the name */
    uint8_t comp_mask;             /* bit i set: comp[i] given (rubric component i, in points) */
    int32_t nilai;                 /* official score when ada_nilai, in hundredths */
    bool ada_nilai;                /* the row carries a final nilai */
    int32_t comp[RUBRIC_MAX_COMP]; /* in hundredths */
} csvin_row;

/* The row's components as dec_t (out has RUBRIC_MAX_COMP entries), for rubric_unit_score. */
void csvin_row_comp(const csvin_row *row, dec_t *out);

/* What was read from one input file: for the workbook's Metodologi sheet. */
typedef struct csvin_file {
    const char *path;
    size_t rows;        /* records read (blank lines not counted) */
    char sha256[65];    /* hex digest of the file's bytes */
    char separator;     /* detected: ',', ';' or '\t' */
    bool decimal_comma; /* scores were written with a decimal comma */
    bool bom;
} csvin_file;

/* Options; zero-initialise for "detect everything". */
typedef struct csvin_options {
    char separator;           /* 0: detect; else ',', ';' or '\t' */
    int tahun_min, tahun_max; /* accepted year range; 0: 2000 .. 2100 */
} csvin_options;

/* Everything a run read. All memory belongs to the data's arena. */
typedef struct csvin_data {
    arena *arena;
    csvin_row *rows;
    size_t n_rows;
    csvin_file *files;
    size_t n_files;
} csvin_data;

/* Creates empty data with its own arena. NULL when out of memory. */
csvin_data *csvin_data_new(void);

/* Releases the data, its rows and strings. NULL is allowed. */
void csvin_data_free(csvin_data *d);

/*
 * Keeps the first n rows and returns the memory of the others (nothing when n >= n_rows): for
 * a consumer that works from the last row backwards and has no use for a row once it is done.
 * d must come from csvin_data_new(). Reading more files afterwards is allowed. A check started
 * by csvin_check_begin() and not yet finished by csvin_check() is abandoned (its findings are
 * lost; csvin_check() afterwards checks the rows that are left).
 */
void csvin_data_truncate(csvin_data *d, size_t n);

/*
 * Reads one file into data, validating every row against the rubric of its year from rubrics.
 * Problems with the content go to diags (the return value is then still KP_OK: the caller
 * decides by diag_errors(diags) whether to go on); the function itself fails only when the
 * file cannot be read at all (missing, a directory, unreadable: KP_ERR_DATA with err filled)
 * or memory runs out (KP_ERR_IO).
 * Checks across files (duplicate units, instansi rows that disagree with the mean of their
 * units) are done by csvin_check() once all files are read.
 */
kp_status csvin_read_file(csvin_data *data, const char *path, const csvin_options *opt,
                          const rubric_set *rubrics, diag_list *diags, kp_error *err);

/*
 * Checks over everything read: the same unit (tahun + instansi + skpd) twice (an error that
 * names both lines), two instansi rows for the same instansi and year, an instansi row whose
 * score differs from the mean of its units (a warning with both values). Adds to diags, after
 * whatever the reading added, the same problems in the same order whether or not
 * csvin_check_begin() was called.
 */
kp_status csvin_check(csvin_data *data, const rubric_set *rubrics, diag_list *diags, kp_error *err);

/*
 * Optional, before the files are read: starts the work of csvin_check() on a second thread
 * that checks rows as csvin_read_file() completes them, so that csvin_check() only waits for
 * the last rows and reports. A 1M-row input gets its checks (about a quarter of a second)
 * for free on a machine with two cores. Without a thread (pthread_create fails) it returns
 * KP_OK and csvin_check() does the work itself. KP_ERR_IO when memory runs out. The thread
 * ends in csvin_check() or csvin_data_free(), whichever comes first.
 */
kp_status csvin_check_begin(csvin_data *data, kp_error *err);

#endif
