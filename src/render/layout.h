/*
 * layout.h - the one PDF layout engine (libharu 2.3.0) behind certificates, report cards and
 * letters. The three documents are templates on it, not three PDF writers.
 *
 * Two halves:
 *
 * 1. Templates (templates/<doc>/<name>.ini, format in templates/README.md): the page, the
 *    fonts, named colours, styles and lengths ([ukuran]), a decorative border, images, rules,
 *    rectangles and text blocks whose text carries {placeholders} filled from a layout_fields
 *    map; an element with "jika = NAME" is drawn only when field NAME is not empty. A template
 *    is loaded once, is read-only afterwards and may be shared by every rendering thread.
 *
 * 2. A document (layout_doc): one per thread, reused for every document that thread writes.
 *    layout_doc_begin() starts a PDF, layout_page_add() adds a page drawn from the template,
 *    the primitives below add the programmatic parts (paragraphs that flow onto new pages,
 *    tables, bars, badges, line charts), layout_doc_save() writes the file. Fonts are parsed
 *    once per layout_doc, not once per PDF: that is what makes hundreds of PDFs a second.
 *
 * Coordinates are points (1/72 inch) from the TOP-LEFT corner of the page, y growing
 * downwards; the engine converts to PDF's bottom-left origin. A text position y is the top
 * of its line box; the baseline sits at y + ascent (of the font, at that size).
 *
 * Text is UTF-8 everywhere in this API. It is converted to CP1252 (WinAnsiEncoding) for the
 * embedded TrueType fonts; a character CP1252 lacks is a KP_ERR_DATA naming it (U+XXXX) and
 * the text it came from.
 *
 * Errors: every function that can fail returns kp_status and fills err. Drawing functions
 * returning void cannot fail by themselves; a libharu error they cause is kept in the
 * document and reported by the next function that returns kp_status (at the latest
 * layout_doc_save()). A document that failed must be restarted with layout_doc_begin().
 *
 * Output is deterministic: no clock, no random IDs; dates come from layout_info.epoch.
 */
#ifndef KP_LAYOUT_H
#define KP_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "render/layout_fields.h"
#include "util/error.h"

/* ---- colours, alignment, styles --------------------------------------------------- */

typedef struct layout_color {
    float r, g, b; /* 0..1 */
} layout_color;

typedef enum layout_align {
    LAYOUT_LEFT = 0,
    LAYOUT_CENTER,
    LAYOUT_RIGHT,
    LAYOUT_JUSTIFY, /* last line of a paragraph (and a line ended by '\n') is left-aligned */
} layout_align;

/* How a run of text is set. font names a face of the template's [font] section. */
typedef struct layout_style {
    const char *font;
    double size;    /* points */
    double leading; /* line height as a multiple of size (1.2 when 0) */
    layout_color color;
    layout_align align;
} layout_style;

/* ---- templates ----------------------------------------------------------------------- */

typedef struct layout_template layout_template;

/*
 * Loads and checks a template. Font files are looked up in font_dir, image files relative to
 * the template's own folder. known is a NULL-terminated list of the placeholder names the
 * caller will supply; a {name} not in it is KP_ERR_DATA naming the template file and line
 * (known == NULL skips that check: every placeholder is then checked at rendering time).
 * Unknown sections or keys, bad numbers and colours, missing fonts or images are KP_ERR_DATA
 * with the file and line; an unreadable file is KP_ERR_IO. Fonts are only checked to exist
 * here; each layout_doc parses them.
 */
kp_status layout_template_load(const char *path, const char *font_dir, const char *const *known,
                               layout_template **out, kp_error *err);

/* Releases a template. NULL is allowed. No layout_doc made from it may be in use. */
void layout_template_free(layout_template *t);

/* The template's file path as given to layout_template_load (for error messages). */
const char *layout_template_path(const layout_template *t);

/* Looks up a colour of the [color] section (or a literal "#RRGGBB"). False when unknown. */
bool layout_template_color(const layout_template *t, const char *name, layout_color *out);

/*
 * Fills out from the template's [style NAME] section. KP_ERR_DATA naming the template when
 * there is no such style. out->font points into the template.
 */
kp_status layout_template_style(const layout_template *t, const char *name, layout_style *out,
                                kp_error *err);

/* A length of the template's [ukuran] section that a document's code asks for. */
typedef struct layout_ukuran {
    const char *name;
    size_t off;    /* offsetof the double it fills in the caller's struct */
    double bawaan; /* the documented default, used when the template does not give it */
    double maks;   /* when > 0: a count or length that must lie in 0 ... maks; 0: any length */
} layout_ukuran;

/*
 * Fills the n doubles keys[i] describes in out from [ukuran], each with its default where the
 * template leaves it out, so that a template written before a key existed draws as before.
 * A key of [ukuran] that is not among keys (a misspelling would silently keep the default) is
 * KP_ERR_DATA naming the template's line and the known keys; so is a value outside 0 ... maks
 * for a key with a maks.
 */
kp_status layout_template_ukuran(const layout_template *t, const layout_ukuran *keys, size_t n,
                                 void *out, kp_error *err);

/* ---- documents --------------------------------------------------------------------- */

typedef struct layout_doc layout_doc;

/* Document metadata (UTF-8; NULL leaves an entry out). */
typedef struct layout_info {
    const char *title;
    const char *author;
    const char *subject;
    const char *keywords;
    const char *creator;
    long long epoch; /* seconds since 1970 UTC: CreationDate and ModDate */
} layout_info;

/*
 * Makes a document writer for template t, owned by one thread. Parses the template's fonts
 * (once for every PDF this writer will make). KP_ERR_DATA naming the font for a font libharu
 * refuses; KP_ERR_IO when memory runs out.
 */
kp_status layout_doc_new(const layout_template *t, layout_doc **out, kp_error *err);

/* Releases the writer. NULL is allowed. */
void layout_doc_free(layout_doc *d);

/*
 * Starts a new, empty PDF (discarding any unsaved one): metadata from info, compression on,
 * no pages yet. The page-finishing hook is reset to none.
 */
kp_status layout_doc_begin(layout_doc *d, const layout_info *info, kp_error *err);

/*
 * Adds a page drawn from the template's first-page content (border, images, rules,
 * rectangles, and the text blocks of pages = first | all) with placeholders from f, and
 * makes it current. The cursor is set to the template's flow_top. A text block's shrink-to-
 * fit and wrapping happen here; a placeholder without a value is KP_ERR_DATA naming the
 * template line, and so is a block that does not fit even at its min_size. f may be NULL
 * (a template without placeholders); it is used again by continuation pages, so it must
 * stay valid until the next layout_page_add() or layout_doc_save().
 */
kp_status layout_page_add(layout_doc *d, const layout_fields *f, kp_error *err);

/*
 * Adds a continuation page (content of pages = next | all; placeholders from the fields of
 * the last layout_page_add) and makes it current, cursor at flow_top_next. The flowing
 * primitives call this themselves when the bottom margin is reached.
 */
kp_status layout_page_next(layout_doc *d, kp_error *err);

/*
 * Whether value, put in for {field}, fits every text block of d's template that prints it on
 * a document's first page (whenever the field is set) at the block's min_size, the text
 * around it included and the block's other placeholders empty (they can only add text): the
 * check that lets `periksa` refuse, at the name's cell, a name that no shrinking would fit.
 * *fits false with why (a phrase naming the block, its template line and its size) when not.
 * KP_ERR_DATA for a character the block's font cannot print; KP_ERR_IO when memory runs out.
 */
kp_status layout_field_fits(layout_doc *d, const char *field, const char *value, bool *fits,
                            char *why, size_t why_cap, kp_error *err);

/*
 * Called for every page when the document is saved, page made current, with its 1-based
 * number and the total: the place for "Halaman 2 dari 3" footers.
 */
typedef kp_status (*layout_page_hook)(layout_doc *d, int page, int pages, void *user,
                                      kp_error *err);

/* Sets the page-finishing hook of the current document (NULL: none). */
void layout_doc_set_page_hook(layout_doc *d, layout_page_hook hook, void *user);

/* Pages in the current document so far. */
int layout_doc_pages(const layout_doc *d);

/*
 * Runs the page hook on every page and writes the PDF to path (created or replaced).
 * KP_ERR_IO when the file cannot be written; any error kept from drawing is reported here.
 */
kp_status layout_doc_save(layout_doc *d, const char *path, kp_error *err);

/*
 * The bytes of the PDF the last successful layout_doc_save() wrote (*len of them), so that
 * they can be hashed without reading the file back. Valid until the next layout_doc_save()
 * or layout_doc_free(); NULL with *len 0 before the first save.
 */
const unsigned char *layout_doc_bytes(const layout_doc *d, size_t *len);

/* ---- geometry and the flow cursor ---------------------------------------------------- */

typedef struct layout_box {
    double x, y, w, h; /* top-left corner and size, points */
} layout_box;

/* The current page's area inside its margins. */
layout_box layout_content(const layout_doc *d);

/* The flow cursor: where the next paragraph, table row or layout_need() starts. */
double layout_cursor(const layout_doc *d);

/* Moves the flow cursor to y (from the top of the current page). */
void layout_set_cursor(layout_doc *d, double y);

/*
 * Makes sure h points fit between the cursor and the bottom margin, starting a continuation
 * page when they do not (a block taller than a whole page is placed at the top of a new one).
 */
kp_status layout_need(layout_doc *d, double h, kp_error *err);

/* ---- text ------------------------------------------------------------------------------ */

/* Width in points of utf8 set in style st (one line, no wrapping). */
kp_status layout_measure(layout_doc *d, const layout_style *st, const char *utf8, double *width,
                         kp_error *err);

/* Height of one line in style st: size * leading. */
double layout_line_height(const layout_style *st);

/*
 * Finds the largest size from st->size down to min_size (in steps of 0.5 pt) at which utf8
 * wraps into at most max_lines lines of width points, words never broken. *size receives it
 * and *lines (may be NULL) the line count; when even min_size does not fit, *size is
 * min_size and *lines the count it needs (the caller decides whether that is an error).
 */
kp_status layout_fit(layout_doc *d, const layout_style *st, const char *utf8, double width,
                     int max_lines, double min_size, double *size, int *lines, kp_error *err);

/*
 * Draws utf8 as one line in the box [x, x + width] with its top at y, aligned by st->align
 * (JUSTIFY is LEFT for a single line). Does not move the cursor or break pages.
 */
kp_status layout_text(layout_doc *d, const layout_style *st, double x, double y, double width,
                      const char *utf8, kp_error *err);

/*
 * Draws utf8 in the box [x, x + width] with its top at y, at the largest size from st->size
 * down to min_size (0.5 pt steps) at which it wraps into at most max_lines lines (words never
 * broken, '\n' a forced break), lines layout_line_height apart, aligned by st->align. For
 * small print beside something else at a fixed place (a report card's footer beside its QR
 * code): does not move the cursor or break pages. KP_ERR_DATA, quoting the text, when it does
 * not fit even at min_size.
 */
kp_status layout_text_box(layout_doc *d, const layout_style *st, double x, double y, double width,
                          int max_lines, double min_size, const char *utf8, kp_error *err);

/*
 * Sets utf8 as a paragraph at the cursor in the column [x, x + width]: words wrapped at
 * spaces (never hyphenated; a word wider than the column gets a line of its own), '\n'
 * forcing a break, aligned by st->align (JUSTIFY stretches word gaps). Flows onto
 * continuation pages so that no line ends below the bottom margin; advances the cursor
 * past the last line.
 */
kp_status layout_paragraph(layout_doc *d, const layout_style *st, double x, double width,
                           const char *utf8, kp_error *err);

/* ---- shapes ---------------------------------------------------------------------------- */

/* Rectangle with top-left (x, y): filled when fill is not NULL, outlined when stroke is. */
void layout_rect(layout_doc *d, double x, double y, double w, double h, const layout_color *fill,
                 const layout_color *stroke, double line_width);

/* Straight line. */
void layout_line(layout_doc *d, double x1, double y1, double x2, double y2, layout_color color,
                 double width);

/*
 * Horizontal bar: a track of width w in track colour with the first fraction (clamped to
 * 0..1) filled in fill colour. For points-against-maximum charts.
 */
void layout_bar(layout_doc *d, double x, double y, double w, double h, double fraction,
                layout_color fill, layout_color track);

/*
 * A badge: utf8 in style st on a rounded rectangle of colour fill, top-left at (x, y),
 * padded by pad points. *width (may be NULL) receives the badge's width.
 */
kp_status layout_badge(layout_doc *d, const layout_style *st, double x, double y, double pad,
                       layout_color fill, const char *utf8, double *width, kp_error *err);

/* ---- tables ---------------------------------------------------------------------------- */

typedef struct layout_column {
    const char *header; /* UTF-8 */
    double width;       /* points */
    layout_align align;
} layout_column;

/*
 * A table's description. Cells wrap within their column; a row never splits across pages;
 * the header row is repeated at the top of each continuation page.
 */
typedef struct layout_table {
    const layout_column *cols;
    size_t n_cols;
    double x;                  /* left edge */
    layout_style head;         /* header text */
    layout_style body;         /* cell text */
    double pad;                /* cell padding, points */
    layout_color head_fill;    /* header background */
    const layout_color *zebra; /* background of every second body row, or NULL */
    const layout_color *rule;  /* line under every row, or NULL */
} layout_table;

/* Draws the header row at the cursor (after layout_need) and starts counting body rows. */
kp_status layout_table_begin(layout_doc *d, const layout_table *t, kp_error *err);

/*
 * Draws one body row of t->n_cols cells (UTF-8; NULL is empty) at the cursor, starting a
 * continuation page with the header repeated when the row does not fit. fills (may be NULL,
 * entries may be NULL) colours single cells, e.g. a zone column.
 */
kp_status layout_table_row(layout_doc *d, const layout_table *t, const char *const *cells,
                           const layout_color *const *fills, kp_error *err);

/* ---- charts ---------------------------------------------------------------------------- */

/* A small line chart in the box (x, y, w, h): values scaled between ymin and ymax. */
typedef struct layout_chart {
    double x, y, w, h;
    double ymin, ymax;
    layout_style label; /* x labels under the axis, point labels above the points */
    layout_color line;
    layout_color grid;
} layout_chart;

/*
 * Draws n points joined by a line, x_labels[i] under point i and point_labels[i] (may be
 * NULL as a whole or per entry) above it. Values are chart positions only (dec_to_double),
 * never printed numbers: the caller formats the labels.
 */
kp_status layout_line_chart(layout_doc *d, const layout_chart *c, const double *values,
                            const char *const *x_labels, const char *const *point_labels, size_t n,
                            kp_error *err);

#endif
