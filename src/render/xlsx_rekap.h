/*
 * xlsx_rekap.h - what the source files of the recap workbook share, and only they: xlsx.c
 * (the workbook, Ringkasan and the level sheets) and xlsx_metodologi.c (the Metodologi
 * sheet). Not for other modules: they see xlsx.h.
 */
#ifndef KP_XLSX_REKAP_H
#define KP_XLSX_REKAP_H

#include "model/rubric.h"
#include "render/render.h"
#include "render/xlsx.h"
#include "render/xlsxbook.h"

/*
 * Colours rows r1..r2 of column col green / yellow / red by the zone named in the cell, as a
 * conditional format (so that a user's edit recolours the cell). s must be a sheet of the
 * recap's workbook: the fills are the recap's.
 */
void xlsx_cond_zona(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col);

/*
 * The same by the category letter in the cell, dark green to red over r's bands; nothing in
 * a workbook of a year with zones or for a rubric without letters. s as for xlsx_cond_zona.
 */
void xlsx_cond_kategori(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col, const rubric *r);

/* Writes the Metodologi sheet of ctx's year into bk, the recap's workbook. */
void xlsx_metodologi_write(xlsxbook *bk, const render_ctx *ctx);

#endif
