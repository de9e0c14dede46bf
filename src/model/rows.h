/*
 * rows.h - the input contract: the rows every reader (CSV, workbook) fills and the model is
 * built from, the files they came from, and the data set that owns them.
 *
 * A reader validates each row against the rubric of its year before adding it (components,
 * weights, decimals; percentages already converted to points), so that everything after the
 * readers sees scores in points only. The checks across rows (check.h) and the aggregation
 * (agg.h) read the rows; neither knows which reader filled them.
 *
 * Interning: every string a row points to (file, provinsi, instansi, instansi_asli, kode,
 * skpd) and every rows_file.path / sheet is interned by rows_intern() in the data's arena:
 * within one rows_data, two such pointers are equal if and only if the strings are equal.
 * agg.c and check.c rely on it to recognise the same instansi as the row before without
 * hashing a string, and readers must keep the promise (intern, never point elsewhere).
 */
#ifndef KP_ROWS_H
#define KP_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/decimal.h"
#include "model/rubric.h"
#include "util/arena.h"

/* The largest score a row can hold, in hundredths: rows keep scores in 32 bits. */
#define ROWS_SCORE_MAX INT32_MAX

/*
 * One record: a unit (skpd != NULL) or an instansi's own published score (skpd == NULL).
 * Scores are integer hundredths like dec_t, stored in 32 bits (readers refuse anything
 * above ROWS_SCORE_MAX): a million rows are held at once, and 96 bytes a row instead of 136
 * is 40 MB.
 */
typedef struct rows_row {
    const char *file;          /* as given on the command line (interned) */
    const char *provinsi;      /* canonical (interned) */
    const char *instansi;      /* canonical: "Kota Banjarbaru" (interned) */
    const char *instansi_asli; /* as written in the file (interned) */
    const char *kode;          /* Kemendagri code as written, or NULL (interned) */
    const char *skpd;          /* unit name, or NULL for an instansi-level row (interned) */
    uint32_t line;             /* where the record starts: the physical line of a CSV file, the row
                                  number of a workbook's sheet (rows_file.sheet says which) */
    int16_t tahun;
    uint8_t jenis;                 /* enum jenis: from the column, else derived from the name */
    uint8_t comp_mask;             /* bit i set: comp[i] given (rubric component i, in points) */
    int32_t nilai;                 /* official score when ada_nilai, in hundredths */
    bool ada_nilai;                /* the row carries a final nilai */
    uint8_t gerbang;               /* enum rubric_gerbang of the instansi, as this row says */
    int32_t comp[RUBRIC_MAX_COMP]; /* in hundredths */
} rows_row;

/* The row's components as dec_t (out has RUBRIC_MAX_COMP entries), for rubric_unit_score. */
void rows_row_comp(const rows_row *row, dec_t *out);

/* What was read from one input file: for the workbook's Metodologi sheet and for messages. */
typedef struct rows_file {
    const char *path;  /* interned */
    const char *sheet; /* the workbook sheet read (interned), or NULL for a CSV file */
    size_t rows;       /* records read (blank lines, comments not counted) */
    char sha256[65];   /* hex digest of the file's bytes */
    /* Columns (1-based; 0: none) of the names a row's identity rests on, so that the
     * checks across rows can point at the cell that conflicts. */
    int col_provinsi, col_kode, col_instansi, col_jenis, col_skpd;
    /* CSV only: the dialect detected. */
    char separator;     /* ',', ';' or '\t' */
    bool decimal_comma; /* scores were written with a decimal comma (also a workbook's text) */
    bool bom;
} rows_file;

/* Everything a run read. All memory belongs to the data's arena. */
typedef struct rows_data {
    arena *arena;
    rows_row *rows;
    size_t n_rows;
    rows_file *files;
    size_t n_files;
} rows_data;

/* Creates empty data with its own arena. NULL when out of memory. */
rows_data *rows_data_new(void);

/* Releases the data, its rows and strings (stopping a follower first). NULL is allowed. */
void rows_data_free(rows_data *d);

/*
 * Keeps the first n rows and returns the memory of the others (nothing when n >= n_rows): for
 * a consumer that works from the last row backwards and has no use for a row once it is done.
 * Adding more rows afterwards is allowed. A follower (check_begin) is stopped first: it reads
 * the rows this moves.
 */
void rows_data_truncate(rows_data *d, size_t n);

/* The one copy of s[0..n) in the data's arena (see the interning promise above); NULL when
 * memory runs out. */
const char *rows_intern(rows_data *d, const char *s, size_t n);

/* Appends a copy of row; false when memory runs out. Safe beside a follower. */
bool rows_add(rows_data *d, const rows_row *row);

/* A new zeroed file entry at the end of files (valid until the next rows_add_file), or NULL
 * when memory runs out. */
rows_file *rows_add_file(rows_data *d);

/* The file entry whose path is this interned pointer (the first such), or NULL. */
const rows_file *rows_file_of(const rows_data *d, const char *path);

/*
 * A follower reads the rows on another thread while readers add them (the checker of
 * check.h). stop(ud) is called before rows move by truncation or are freed, and must end the
 * follower's reading and unregister it (rows_follow(d, NULL, NULL)). One follower at a time.
 */
void rows_follow(rows_data *d, void (*stop)(void *ud), void *ud);

/* The registered follower's ud, or NULL. */
void *rows_follower(const rows_data *d);

/* Keep the rows array from moving while a follower reads it (rows_add waits meanwhile). */
void rows_hold(rows_data *d);
void rows_release(rows_data *d);

#endif
