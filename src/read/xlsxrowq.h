/*
 * xlsxrowq.h - the rows of a sheet parsed on one thread and handed over on another.
 *
 * Reading a sheet (inflating, scanning the XML, building cells) and what the caller does with
 * each row (column rules, checks, the model) cost about the same; run one after the other
 * they leave the second core idle. xlsxrowq_run runs the parse on a thread of its own and
 * hands its rows, in order, to the caller's function on the calling thread, through a few
 * batches (at most three of about 256 KiB of text or 512 rows each, a larger row alone).
 * What the caller sees is what running the parse in line gives: the same rows in the same
 * order, then the parse's status and error; when the caller's function stops the reading,
 * whatever the parse met later (more rows, a failure) is dropped, as it would never have been
 * reached. Without a thread, or memory for the batches, the parse runs in line.
 */
#ifndef KP_XLSXROWQ_H
#define KP_XLSXROWQ_H

#include "read/xlsxin.h"
#include "util/error.h"

/* A parse: gives rows to fn(fn_ud, ...) until its end, a failure (filling err) or fn
 * returning false (then KP_OK). */
typedef kp_status (*xlsxrowq_parse_fn)(void *arg, xlsxin_row_fn fn, void *fn_ud, kp_error *err);

/*
 * Runs parse(arg, ...) on a thread and gives its rows to fn(ud, ...) here. Returns the parse's
 * status (its error copied to err), or KP_OK when fn stopped the reading. parse must not
 * touch what fn touches. When a batch cannot grow, the reading ends after the rows before it
 * with KP_ERR_IO "memori habis" for file.
 */
kp_status xlsxrowq_run(xlsxrowq_parse_fn parse, void *arg, xlsxin_row_fn fn, void *ud,
                       const char *file, kp_error *err);

#endif
