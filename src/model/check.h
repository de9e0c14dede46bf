/*
 * check.h - the checks across rows, once every file is read: the same unit (tahun +
 * instansi + skpd) twice, two instansi rows for the same instansi and year (errors that name
 * both rows), rows of one instansi and year that disagree on its gate (tanpa_maladministrasi,
 * an error), and an instansi row whose score differs from the mean of its units (a warning
 * with both values).
 *
 * Rows are told apart by their instansi's and unit's matching keys (names_key), computed once
 * per interned name (rows.h). Places are named as the row's reader wrote them: "baris 12"
 * or "lain.csv:12" for a CSV file, "Data!12" or "lain.xlsx:Data!12" for a workbook's sheet.
 *
 * The work can follow the readers on a second thread (check_begin), so that check_finish
 * only waits for the last rows and reports: a 1M-row input gets its checks (about a quarter
 * of a second) for free on a machine with two cores.
 */
#ifndef KP_CHECK_H
#define KP_CHECK_H

#include "model/cmp.h"
#include "model/rows.h"
#include "util/diag.h"
#include "util/error.h"

/*
 * Optional, before the files are read: starts the checker on its own thread as a follower
 * of data (rows.h), taking the rows the readers publish with check_publish. Without a thread
 * (pthread_create fails) it returns KP_OK and check_finish does the work itself. KP_ERR_IO
 * when memory runs out. The thread ends in check_finish, rows_data_truncate (which abandons
 * the check: its findings are lost, and check_finish afterwards checks the rows left) or
 * rows_data_free, whichever comes first. aliases (templates/alias.csv, may be NULL) make
 * names one instansi for the identity checks; they must outlive the check.
 */
kp_status check_begin(rows_data *data, const cmp_aliases *aliases, kp_error *err);

/* Readers call this after every batch of rows they added: the checker may take them. Does
 * nothing without a running checker. */
void check_publish(rows_data *data);

/*
 * Checks everything read (the rest of it, when check_begin ran) and adds the findings to
 * diags after whatever the reading added, the same problems in the same order whether or not
 * check_begin was called. aliases as for check_begin (ignored when check_begin ran: the
 * checker has its own). KP_ERR_IO when memory runs out.
 */
kp_status check_finish(rows_data *data, const cmp_aliases *aliases, diag_list *diags,
                       kp_error *err);

#endif
