/*
 * xlsxzip.h - the archive of a workbook: telling what a file is and reading its entries.
 *
 * A workbook is a zip archive (minizip, Zip64 included) read from a file or from memory. The
 * file is recognised by content: an OLE2 file (an encrypted workbook, an old .xls), an
 * OpenDocument file, a binary .xlsb or a zip without xl/workbook.xml is refused with a message
 * saying what it is and what to do. Entries are inflated a chunk at a time within the zip bomb
 * limits (1 GiB inflated, 200:1 above 32 MiB); an encrypted entry or an unknown compression
 * method is refused. Every message names the workbook's file (xlsxzip_fail). Not thread-safe:
 * one reader open at a time per archive.
 */
#ifndef KP_XLSXZIP_H
#define KP_XLSXZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Inflated bytes handed to a parser at a time: large, so that the per-call cost of minizip
 * and expat disappears next to the work. */
#define XLSXZIP_CHUNK (256u * 1024u)
/* Longest entry name kept; entries with longer names are skipped (no part is named so). */
#define XLSXZIP_NAME_MAX 1024u

/* An open archive. */
typedef struct xlsxzip xlsxzip;
/* One entry of the archive's directory; valid until xlsxzip_free. */
typedef struct xlsxzip_entry xlsxzip_entry;

/* Reading one entry; its fields belong to xlsxzip.c (on the caller's stack). */
typedef struct xlsxzip_reader {
    const xlsxzip_entry *e;
    uint64_t total;
    bool open;
    struct xlsxzip_ahead *ahead; /* the inflating thread (xlsxzip_read_ahead), or NULL */
} xlsxzip_reader;

/*
 * Opens the workbook archive at path and lists its entries. On failure *out is NULL and err
 * names the file: KP_ERR_DATA for a missing or unreadable file, one that is not a regular file
 * and every content problem (another format, damaged, no xl/workbook.xml), KP_ERR_IO when
 * memory runs out.
 */
kp_status xlsxzip_open(const char *path, xlsxzip **out, kp_error *err);

/* As xlsxzip_open, for size bytes at data (valid until xlsxzip_free); name is what messages
 * call it. */
kp_status xlsxzip_open_mem(const void *data, size_t size, const char *name, xlsxzip **out,
                           kp_error *err);

/*
 * Opens z's file (or memory block) a second time, as *out, so that another thread can read
 * one of its entries while z reads another: an archive reads one entry at a time. Fails as
 * xlsxzip_open does, and with KP_ERR_DATA when the file's size has changed since z was opened.
 */
kp_status xlsxzip_reopen(const xlsxzip *z, xlsxzip **out, kp_error *err);

/* Closes the archive and releases its entries. NULL is allowed. */
void xlsxzip_free(xlsxzip *z);

/* True when the file at path is a zip archive holding xl/workbook.xml. Never fails. */
bool xlsxzip_sniff(const char *path);

/* The name messages give the workbook (the path it was opened with). */
const char *xlsxzip_name(const xlsxzip *z);

/* Fills err with the printf-style message for the workbook's file; returns st. */
kp_status xlsxzip_fail(const xlsxzip *z, kp_error *err, kp_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* xlsxzip_fail with KP_ERR_IO "memori habis". */
kp_status xlsxzip_no_memory(const xlsxzip *z, kp_error *err);

/* The entry called name (ASCII case ignored, as OPC part names are), or NULL. */
const xlsxzip_entry *xlsxzip_find(const xlsxzip *z, const char *name);

/* The entry's name as the archive spells it. */
const char *xlsxzip_entry_name(const xlsxzip_entry *e);

/*
 * Starts inflating e into r, refusing an encrypted entry, an unknown method and a size over the
 * zip bomb limits (KP_ERR_DATA). Call xlsxzip_read_close afterwards whatever it returns.
 */
kp_status xlsxzip_read_open(xlsxzip *z, xlsxzip_reader *r, const xlsxzip_entry *e, kp_error *err);

/* Inflates up to cap bytes into buf; *got is 0 at the end, after the CRC was checked. A damaged
 * entry, a CRC mismatch or inflating past the limits is KP_ERR_DATA. */
kp_status xlsxzip_read(xlsxzip *z, xlsxzip_reader *r, void *buf, unsigned cap, unsigned *got,
                       kp_error *err);

/*
 * From now on inflates r's entry on a thread of its own, up to four chunks of cap bytes ahead
 * of xlsxzip_read, which must then always be called with that cap: a sheet's two passes then
 * parse one chunk while the next is inflated, on the second core. The chunks, their order and
 * every failure (reported when the chunk it ends is reached, never earlier) are those of
 * reading in line, which is what happens when no thread can be made. Call it right after a
 * successful xlsxzip_read_open; the archive must not be used otherwise until
 * xlsxzip_read_close.
 */
void xlsxzip_read_ahead(xlsxzip *z, xlsxzip_reader *r, unsigned cap);

/* Ends reading r (whether or not it reached the end), and its thread if it has one. */
void xlsxzip_read_close(xlsxzip *z, xlsxzip_reader *r);

#endif
