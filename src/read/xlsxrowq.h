/*
 * xlsxrowq.h - the rows of a sheet parsed on one thread and handed over on another.
 *
 * Reading a sheet (inflating, scanning the XML, building cells) and what the caller does with
 * each row (column rules, checks, the model) cost about the same; run one after the other
 * they leave the second core idle. xlsxrowq_run runs the parse on a thread of its own and
 * hands its rows, in order, to the caller's function on the calling thread, through batches
 * of at most 2048 rows, 32768 cells or about 512 KiB of text (a larger row alone): at most
 * eight wait at a time, 64 (some 40 MB of result rows, at most 48 MiB) while the caller's
 * prelude runs.
 * What the caller sees is what running the prelude and then the parse in line gives: no row
 * before the prelude's end, then the same rows in the same order, then the parse's status and
 * error; when the prelude fails, or the caller's function stops the reading, whatever the
 * parse met later (more rows, a failure) is dropped, as it would never have been reached.
 * Without a thread, or memory for the batches, the prelude and the parse run in line.
 */
#ifndef KP_XLSXROWQ_H
#define KP_XLSXROWQ_H

#include "read/xlsxin.h"
#include "util/error.h"

/* A parse: gives rows to fn(fn_ud, ...) until its end, a failure (filling err) or fn
 * returning false (then KP_OK). Rows of no cells (n == 0) are handed over like the others. */
typedef kp_status (*xlsxrowq_parse_fn)(void *arg, xlsxin_row_fn fn, void *fn_ud, kp_error *err);

/* Work the rows wait for (the merges of a sheet, listed after its cells), on the calling
 * thread while the parse runs ahead; fills err on failure. */
typedef kp_status (*xlsxrowq_prelude_fn)(void *arg, kp_error *err);

/*
 * Runs parse(arg, ...) on a thread and, meanwhile, prelude(prelude_arg, ...) here (NULL: none),
 * then gives the parse's rows to fn(ud, ...) here. Returns the prelude's failure, else the
 * parse's status (its error copied to err), or KP_OK when fn stopped the reading. parse must
 * not touch what the prelude or fn touch. When a batch cannot grow, the reading ends after the
 * rows before it with KP_ERR_IO "memori habis" for file.
 */
kp_status xlsxrowq_run(xlsxrowq_parse_fn parse, void *arg, xlsxrowq_prelude_fn prelude,
                       void *prelude_arg, xlsxin_row_fn fn, void *ud, const char *file,
                       kp_error *err);

#endif
