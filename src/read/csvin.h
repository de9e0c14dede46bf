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
 * It fills the model's input contract (model/rows.h): rows validated against the rubric of
 * their year, percentages converted to points, names interned in the data's arena.
 */
#ifndef KP_CSVIN_H
#define KP_CSVIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/decimal.h"
#include "model/names.h"
#include "model/rows.h"
#include "model/rubric.h"
#include "util/diag.h"
#include "util/error.h"

/* Options; zero-initialise for "detect everything". */
typedef struct csvin_options {
    char separator;           /* 0: detect; else ',', ';' or '\t' */
    int tahun_min, tahun_max; /* accepted year range; 0: 2000 .. 2100 */
} csvin_options;

/*
 * Reads one file into data, validating every row against the rubric of its year from rubrics.
 * Problems with the content go to diags (the return value is then still KP_OK: the caller
 * decides by diag_errors(diags) whether to go on); the function itself fails only when the
 * file cannot be read at all (missing, a directory, unreadable: KP_ERR_DATA with err filled)
 * or memory runs out (KP_ERR_IO).
 * Rows are published to a running checker (check_publish) as they are read; the checks
 * across files are check_finish's (model/check.h) once all files are read.
 */
kp_status csvin_read_file(rows_data *data, const char *path, const csvin_options *opt,
                          const rubric_set *rubrics, diag_list *diags, kp_error *err);

/*
 * The column rules for readers of other forms (a workbook's sheet, read/xlsxrows.h): the
 * same header names, aliases and typo hints, the same field rules, the same messages, fed one
 * record at a time as fields with their places.
 */

/* What a field holds: text (CSV's every field; a cell's value as Excel shows it), or a
 * workbook cell without a value (an error like #N/A, a formula never calculated). */
typedef enum csvin_kind { CSVIN_TEXT, CSVIN_ERROR, CSVIN_NO_VALUE } csvin_kind;

/* One field of a record: s[0..len) (NUL-terminated), where it is (line: a CSV line or a
 * sheet's row; its column is its index in the record), and its kind. */
typedef struct csvin_field {
    const char *s;
    size_t len;
    uint32_t line;
    csvin_kind kind;
} csvin_field;

/* True when the record is a header the CSV rules accept (required columns present, no
 * unknown column that looks like a typo, a score column); reports nothing. */
bool csvin_header_accepted(const csvin_field *fields, size_t n, const rubric_set *rubrics);

/* One table being read: its first non-blank record is the header, the others rows. */
typedef struct csvin_table csvin_table;

/*
 * Starts a table of file path (sheet: the sheet's name, in every message's place as
 * "path:SHEET!K148"; NULL for none) with a new entry in data->files. NULL when memory runs
 * out.
 */
csvin_table *csvin_table_new(rows_data *data, const char *path, const char *sheet,
                             const csvin_options *opt, const rubric_set *rubrics, diag_list *diags);

/* The table's entry in data->files (for its digest), valid until another file is added. */
rows_file *csvin_table_file(csvin_table *t);

/* Reads one record (fields[i] is column i): blank and '#' comment records are skipped as in
 * CSV; a good row is added to data (publish it to a checker with check_publish). */
void csvin_table_record(csvin_table *t, const csvin_field *fields, size_t n);

/* Ends the table (the messages only its end can give) and releases it. KP_ERR_IO when memory
 * ran out while reading it. */
kp_status csvin_table_end(csvin_table *t, kp_error *err);

#endif
