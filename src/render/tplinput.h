/*
 * tplinput.h - the input template: the reader's contract as a workbook (or CSV) that clerks
 * fill in and export, so that most bad input never gets made.
 *
 * The workbook has three sheets: Data (the exact header row the reader expects, a comment on
 * each header, data validation on every column from the rubric's weights and ranges, two
 * example rows), Petunjuk (how to fill it in and save it as CSV, what each band means) and
 * Daftar (the lists the dropdowns use, protected). Example rows start with "#", which the
 * reader skips as a comment row.
 *
 * What the year's rubric has decides the rest: a gate (Opini 2025-: Tanpa Maladministrasi) adds
 * the column tanpa_maladministrasi with a ya/tidak list; a method that gives opinions offers
 * jenis vertikal (vertical offices) in the list. Other methods' templates are as before.
 */
#ifndef KP_TPLINPUT_H
#define KP_TPLINPUT_H

#include "model/rubric.h"
#include "util/error.h"

/* Rows of the Data sheet that carry validation (below the header). */
#define TPLINPUT_ROWS 5000

/*
 * The header the reader expects for rubric r, comma separated: tahun, provinsi, kode,
 * instansi, jenis, skpd, the rubric's component keys, nilai, and tanpa_maladministrasi when the
 * rubric has a gate. Written into out (cap bytes).
 */
void tplinput_header(const rubric *r, char *out, size_t cap);

/*
 * Writes the input workbook for year tahun (0: the rubric's first year) and rubric r to
 * path, atomically (a temporary file renamed into place). epoch fixes the document's
 * creation time. KP_ERR_IO with the path on failure.
 */
kp_status tplinput_write_xlsx(const rubric *r, int tahun, long long epoch, const char *path,
                              kp_error *err);

/* Writes the same header and example rows as a CSV file (comma, decimal point), atomically. */
kp_status tplinput_write_csv(const rubric *r, int tahun, const char *path, kp_error *err);

#endif
