/*
 * ornament.h - a certificate's corner ornament as template data: the drawing operations of an
 * ornament file (`corner = ornamen.ini` in a template's [border]), read through util/iniread
 * and checked here, so that the drawing engine (layout.c) hands them to libharu in file order
 * without meeting a PDF path error.
 *
 * Units: 1 = the border's corner_size; x runs along the top edge from the inner frame's
 * top-left corner, y into the page. The border mirrors the one ornament into all four corners.
 * The file's format is in templates/README.md:
 *
 *     [ornament]
 *     fill_color = accent
 *     move = 0 -0.16
 *     line = 0.16 0
 *     close =
 *     fill =
 */
#ifndef KP_ORNAMENT_H
#define KP_ORNAMENT_H

#include <stddef.h>

#include "util/error.h"

/* One operation; its operands are ornament_op.v, as many as the operation takes. */
typedef enum ornament_code {
    ORNAMENT_FILL_COLOR,   /* arg: the role */
    ORNAMENT_STROKE_COLOR, /* arg: the role */
    ORNAMENT_LINE_WIDTH,   /* v[0] */
    ORNAMENT_LINE_CAP,     /* arg: the cap */
    ORNAMENT_MOVE,         /* x y */
    ORNAMENT_LINE,         /* x y */
    ORNAMENT_CURVE,        /* x1 y1 x2 y2 x3 y3: a cubic Bézier from the current point */
    ORNAMENT_CLOSE,
    ORNAMENT_CIRCLE, /* x y r */
    ORNAMENT_FILL,
    ORNAMENT_STROKE,
} ornament_code;

/* Which of the border's colours: its color (outer frame) or its accent (inner frame). */
typedef enum ornament_role { ORNAMENT_COLOR, ORNAMENT_ACCENT } ornament_role;

typedef enum ornament_cap {
    ORNAMENT_CAP_BUTT,
    ORNAMENT_CAP_ROUND,
    ORNAMENT_CAP_SQUARE
} ornament_cap;

typedef struct ornament_op {
    ornament_code code;
    int arg;     /* an ornament_role or ornament_cap, for the operations that take one */
    double v[6]; /* operands, in corner_size units */
} ornament_op;

typedef struct ornament {
    ornament_op *ops;
    size_t n;
} ornament;

/*
 * Reads the ornament file at path into *out (NULL on failure); the caller frees it with
 * ornament_free. Every path is ended by fill or stroke, colours and line settings stand
 * outside paths, and line, curve, close, fill and stroke follow a move or circle.
 *
 * @return KP_OK; KP_ERR_DATA located at path:line:col (the bad operand, or the operation) for
 *         an unknown section or operation, a bad or missing operand, an operation out of
 *         place, and at path:line for a path left open at the end or a file without
 *         operations; iniread_file's errors (a missing file: "PATH: templat tidak ditemukan");
 *         KP_ERR_IO when memory runs out.
 */
kp_status ornament_load(const char *path, ornament **out, kp_error *err);

/* Frees o (NULL allowed). */
void ornament_free(ornament *o);

#endif
