/*
 * layout_tpl.h - what a loaded template is, shared by the two halves of the layout engine
 * only: layout_template.c, which reads a template file into it, and layout.c, which draws
 * it. Not for the document writers: they see layout_template as opaque (layout.h).
 */
#ifndef KP_LAYOUT_TPL_H
#define KP_LAYOUT_TPL_H

#include <stdbool.h>

#include "render/layout.h"
#include "render/ornament.h"
#include "render/ttfcov.h"

/* Template-relative paths of fonts and images are joined into buffers of this size. */
#define LAYOUT_PATH_MAX 1024

enum { PAGES_FIRST = 1, PAGES_NEXT = 2, PAGES_ALL = 3 };

typedef enum elem_kind { EL_TEXT, EL_IMAGE, EL_LINE, EL_RECT, EL_QR } elem_kind;

typedef struct face {
    char name[LAYOUT_NAME_MAX];
    char path[LAYOUT_PATH_MAX];
    ttfcov *cov; /* the characters the font can draw */
} face;

typedef struct named_color {
    char name[LAYOUT_NAME_MAX];
    layout_color c;
} named_color;

typedef struct named_style {
    char name[LAYOUT_NAME_MAX];
    int line;
    layout_style st;
    int face;
} named_style;

/* A length of [ukuran], for the code of report cards and letters (layout_template_ukuran). */
typedef struct named_len {
    char name[LAYOUT_NAME_MAX];
    double v;
    int line;
} named_len;

#define LAYOUT_GLYPHS_MAX 128 /* bytes of a glyphs = value in CP1252, with its NUL */

typedef struct elem {
    elem_kind kind;
    char name[LAYOUT_NAME_MAX];
    int line; /* first line of its section, for errors about the whole block */
    int pages;
    /*
     * jika = NAME: drawn only when field NAME is set and not empty, so that one template
     * serves recipients that differ in what they are given (an opinion, or a unit's label).
     */
    char jika[LAYOUT_NAME_MAX];
    double x, y, w, h, x2, y2;
    bool has_x, has_y, has_w, has_h, has_x2, has_y2;
    double line_width;
    layout_color color, fill;
    bool has_color, has_fill;
    int face;
    double size, min_size, leading, tracking;
    int max_lines;
    layout_align align;
    bool middle; /* valign = middle: lines centred in the box of max_lines at full size */
    bool upper;
    /*
     * glyphs = CHARS: glyphs embedded whenever the block is drawn, used or not (CP1252). The
     * verification code's block lists the code's alphabet, so the font program does not differ
     * with each code and is compressed once a run (pdfshim's cache of streams met twice).
     */
    char glyphs[LAYOUT_GLYPHS_MAX];
    char *text; /* UTF-8 with placeholders */
    int text_line;
    char path[LAYOUT_PATH_MAX]; /* image */
    bool png;
} elem;

typedef struct border {
    bool on;
    int pages;
    layout_color color, accent;
    double inset, width, gap, inner_width, corner_size;
    ornament *corner; /* drawn in each corner, owned (layout_template_free); NULL: none */
} border;

struct layout_template {
    char path[LAYOUT_PATH_MAX];
    double page_w, page_h; /* as written; finish_template turns them for landscape */
    bool landscape;
    double margin[4]; /* top right bottom left */
    double flow_top, flow_top_next;
    bool has_flow_top, has_flow_top_next;
    face *faces;
    int n_faces;
    named_color *colors;
    int n_colors;
    named_style *styles;
    int n_styles;
    named_len *lens;
    int n_lens;
    elem *elems;
    int n_elems;
    border border;
};

/* The index of the [font] face called name in t->faces, or -1. */
int layout_template_face(const layout_template *t, const char *name);

#endif
