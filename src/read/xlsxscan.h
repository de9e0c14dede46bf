/*
 * xlsxscan.h - a scanner for the XML of a sheet, in place of expat.
 *
 * A sheet is nearly all <row>, <c r= t=>, <v> and <is><t>: expat's generality (attribute
 * arrays built per tag, namespace-free name copies, every character through its tables) costs
 * more than inflating the entry. This scanner reads the same XML and calls the same handlers,
 * with the same arguments, as expat would, so the rows cannot differ for a well-formed sheet
 * (test_xlsxin and fuzz_xlsxin compare the two). It keeps expat's refusals that matter for a
 * hostile file (a DOCTYPE, an undefined entity, bad UTF-8, control characters, tags that do
 * not nest) and bounds every buffer: a tag of 1 MiB, 256 open elements, 64 attributes a tag
 * (more are dropped). A sheet in another encoding than UTF-8 is left to expat. Text nobody
 * wants is checked but never decoded.
 */
#ifndef KP_XLSXSCAN_H
#define KP_XLSXSCAN_H

#include <expat.h>
#include <stdbool.h>

#include "read/xlsxxml.h"
#include "read/xlsxzip.h"
#include "util/error.h"

/* expat's handlers, called with ud, and whether text is wanted now (*want_text: a flag the
 * handlers keep; unwanted text goes to no handler). */
typedef struct xlsxscan_handlers {
    XML_StartElementHandler start;
    XML_CharacterDataHandler text;
    XML_EndElementHandler end;
    const bool *want_text;
} xlsxscan_handlers;

/*
 * Reads entry e through the scanner, on the parse state c (xlsxxml_begin is not needed: c->p
 * stays NULL; the handlers fail with xlsxxml_fail on c and stop with c->done). Returns the
 * first failure, as xlsxxml_run does. *fallback: the entry is not UTF-8 and was not read
 * (KP_OK); give it to expat.
 */
kp_status xlsxscan_run(xlsxxml *c, const xlsxzip_entry *e, const xlsxscan_handlers *h, void *ud,
                       bool *fallback);

#endif
