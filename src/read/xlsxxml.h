/*
 * xlsxxml.h - expat made safe for a workbook's parts, and the state every parse shares.
 *
 * Each parser gets a memory cap (64 MiB: real parts need well under a megabyte, so a 1 GB
 * attribute or 10 million nested tags fail early) and no DTD: a DOCTYPE or an entity
 * declaration ends the parse with KP_ERR_DATA, which closes the doors to entity expansion
 * (billion laughs) and external entities. The shared state (xlsxxml) is also what the sheet
 * scanner (xlsxscan.h) works on, so that a part's handlers fail and stop the same way under
 * either parser. Messages name the workbook's file (xlsxzip_fail).
 */
#ifndef KP_XLSXXML_H
#define KP_XLSXXML_H

#include <expat.h>
#include <stdbool.h>

#include "read/xlsxzip.h"
#include "util/error.h"

/* What every parse shares; a part's own context starts with it, so that expat's user data
 * (the context) is this too. */
typedef struct xlsxxml {
    xlsxzip *zip;
    XML_Parser p; /* NULL under the sheet scanner */
    const char *part;
    kp_error *err;
    kp_status st;
    bool done; /* stopped on purpose: what was wanted has been read */
} xlsxxml;

/*
 * Clears c and creates its parser for part (the entry's name, for messages), with the memory
 * cap and the DTD refusals, user data c. False when memory runs out (nothing to free then).
 */
bool xlsxxml_begin(xlsxxml *c, xlsxzip *z, const char *part, kp_error *err);

/* Feeds all of entry e to the parser set up in c, then frees the parser. Returns the first
 * failure: a handler's (c->st), the archive's, or the XML's own ("bukan XML yang sah (baris
 * L, kolom C)"). Stopping with c->done set is success. */
kp_status xlsxxml_run(xlsxxml *c, const xlsxzip_entry *e);

/* Records the first failure of a parse in c->st (later ones are dropped) and stops the
 * parser, if there is one. */
void xlsxxml_fail(xlsxxml *c, kp_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Element and attribute names without their namespace prefix ("x:row" is "row"): the reader
 * does not resolve namespaces, and writers differ in the prefixes they pick. Inline: it runs
 * for every tag of a sheet. */
static inline const char *xlsxxml_local(const char *n)
{
    /* a loop, not strchr: names are a few bytes */
    for (const char *p = n; *p; p++)
        if (*p == ':')
            return p + 1;
    return n;
}

/* The value of the attribute whose local name is name, or NULL. */
const char *xlsxxml_attr(const XML_Char **atts, const char *name);

#endif
