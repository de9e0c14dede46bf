#include "render/ornament.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/iniread.h"
#include "util/similar.h"

/* No operand beyond this many corner sizes: an ornament stays near its corner, and the
 * product with corner_size stays far inside libharu's float. */
#define ORNAMENT_LIMIT 100

/*
 * Where an operation may stand, as libharu's graphics modes have it: colours and line
 * settings outside a path, a path begun by move or circle, line/curve/close inside one, and
 * fill or stroke ending it.
 */
typedef enum place { OUTSIDE, START, INSIDE, PAINT } place;

/* What an operation's value holds. */
typedef enum operands { NUMBERS, ROLE, CAP } operands;

typedef struct op_def {
    const char *name;
    ornament_code code;
    place place;
    operands kind;
    int n;             /* numbers it takes */
    const char *usage; /* its operands, for messages */
} op_def;

static const op_def ops[] = {
    {"fill_color", ORNAMENT_FILL_COLOR, OUTSIDE, ROLE, 0, "color atau accent"},
    {"stroke_color", ORNAMENT_STROKE_COLOR, OUTSIDE, ROLE, 0, "color atau accent"},
    {"line_width", ORNAMENT_LINE_WIDTH, OUTSIDE, NUMBERS, 1, "lebar"},
    {"line_cap", ORNAMENT_LINE_CAP, OUTSIDE, CAP, 0, "butt, round atau square"},
    {"move", ORNAMENT_MOVE, START, NUMBERS, 2, "x y"},
    {"line", ORNAMENT_LINE, INSIDE, NUMBERS, 2, "x y"},
    {"curve", ORNAMENT_CURVE, INSIDE, NUMBERS, 6, "x1 y1 x2 y2 x3 y3"},
    {"close", ORNAMENT_CLOSE, INSIDE, NUMBERS, 0, ""},
    {"circle", ORNAMENT_CIRCLE, START, NUMBERS, 3, "x y r"},
    {"fill", ORNAMENT_FILL, PAINT, NUMBERS, 0, ""},
    {"stroke", ORNAMENT_STROKE, PAINT, NUMBERS, 0, ""},
};

#define N_OPS (sizeof ops / sizeof ops[0])

typedef struct reader {
    ornament *o;
    size_t cap;
    int section_line; /* of [ornament], 0 before it */
    int path_line;    /* line of the move or circle that opened the current path, 0: none */
    int last_line;
    kp_error *err;
    const char *path;
} reader;

static kp_status oerr(reader *r, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static kp_status oerr(reader *r, int line, int col, const char *fmt, ...)
{
    char msg[KP_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return kp_error_set(r->err, KP_ERR_DATA, r->path, line, col, "%s", msg);
}

/* A plain decimal, [-]digits[.digits] or [-].digits: no exponent, hex, inf or nan. */
static bool decimal(const char *s, size_t len)
{
    size_t i = s[0] == '-', digits = 0;
    bool dot = false;
    for (; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digits > 0;
}

static const op_def *find_op(const char *name)
{
    for (size_t i = 0; i < N_OPS; i++)
        if (strcmp(ops[i].name, name) == 0)
            return &ops[i];
    return NULL;
}

static kp_status unknown_op(reader *r, const iniread_at *at, const char *key)
{
    const char *names[N_OPS];
    for (size_t i = 0; i < N_OPS; i++)
        names[i] = ops[i].name;
    const char *hint = similar_best(key, names, N_OPS, 2);
    char maybe[64] = "";
    if (hint)
        snprintf(maybe, sizeof maybe, "maksud Anda \"%s\"? ", hint);
    return oerr(r, at->line, at->key_col,
                "operasi \"%s\" tidak dikenal (%soperasi: fill_color, stroke_color, line_width, "
                "line_cap, move, line, curve, close, circle, fill, stroke)",
                key, maybe);
}

/* Reads the numbers of value into op->v: exactly def->n of them, each a plain decimal. */
static kp_status read_numbers(reader *r, const iniread_at *at, const op_def *def, const char *value,
                              ornament_op *op)
{
    int n = 0;
    const char *p = value;
    while (true) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *tok = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        size_t len = (size_t)(p - tok);
        int col = at->value_col ? at->value_col + (int)(tok - value) : 0;
        if (n == def->n) {
            if (def->n == 0)
                return oerr(r, at->line, col, "%s tanpa operan (tulis \"%s =\"), bukan \"%s\"",
                            def->name, def->name, value);
            return oerr(r, at->line, col, "%s: %d angka (%s), lebih: \"%.*s\"", def->name, def->n,
                        def->usage, (int)len, tok);
        }
        if (!decimal(tok, len))
            return oerr(r, at->line, col,
                        "%s: angka tidak sah \"%.*s\" (desimal dengan titik, mis. 0.16 atau -0.2)",
                        def->name, (int)len, tok);
        double v = strtod(tok, NULL);
        if (v < -ORNAMENT_LIMIT || v > ORNAMENT_LIMIT)
            return oerr(r, at->line, col, "%s: %.*s di luar -%d..%d (kali corner_size)", def->name,
                        (int)len, tok, ORNAMENT_LIMIT, ORNAMENT_LIMIT);
        /* A width or radius of 0 draws nothing or a hairline that differs by viewer. */
        bool size = (def->code == ORNAMENT_LINE_WIDTH) || (def->code == ORNAMENT_CIRCLE && n == 2);
        if (size && v <= 0)
            return oerr(r, at->line, col, "%s: %s harus > 0, bukan \"%.*s\"", def->name,
                        def->code == ORNAMENT_CIRCLE ? "r" : "lebar", (int)len, tok);
        op->v[n++] = v;
    }
    if (n < def->n)
        return oerr(r, at->line, at->value_col ? at->value_col + (int)strlen(value) : 0,
                    "%s: %d angka (%s), ada %d", def->name, def->n, def->usage, n);
    return KP_OK;
}

/* A word of words[0..n) into *out (its index). */
static kp_status read_word(reader *r, const iniread_at *at, const op_def *def, const char *value,
                           const char *const *words, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(value, words[i]) == 0) {
            *out = i;
            return KP_OK;
        }
    return oerr(r, at->line, at->value_col, "%s: %s, bukan \"%s\"", def->name, def->usage, value);
}

/* Whether def may stand where the reader is, updating the open path. */
static kp_status check_place(reader *r, const iniread_at *at, const op_def *def)
{
    switch (def->place) {
    case OUTSIDE:
        if (r->path_line)
            return oerr(r, at->line, at->key_col,
                        "%s di tengah path (dari baris %d): akhiri dulu dengan fill atau stroke",
                        def->name, r->path_line);
        break;
    case START:
        if (!r->path_line)
            r->path_line = at->line;
        break;
    case INSIDE:
    case PAINT:
        if (!r->path_line)
            return oerr(r, at->line, at->key_col,
                        "%s tanpa path: mulai dulu dengan move atau circle", def->name);
        if (def->place == PAINT)
            r->path_line = 0;
        break;
    }
    return KP_OK;
}

static kp_status handler(void *user, const iniread_at *at, const char *section, const char *key,
                         const char *value, kp_error *err)
{
    (void)err; /* the same as r->err */
    reader *r = user;
    if (!section[0])
        return oerr(r, at->line, at->key_col, "operasi \"%s\" di luar bagian [ornament]", key);
    if (strcmp(section, "ornament") != 0)
        return oerr(r, at->section_line, 0, "bagian [%s] tidak dikenal (hanya [ornament])",
                    section);
    if (r->section_line && at->section_line != r->section_line)
        return oerr(r, at->section_line, 0,
                    "bagian [ornament] ditulis dua kali (pertama di baris %d)", r->section_line);
    r->section_line = at->section_line;
    if (at->cont)
        return oerr(r, at->line, at->value_col,
                    "operasi \"%s\": tulis dalam satu baris, tanpa baris lanjutan", key);
    const op_def *def = find_op(key);
    if (!def)
        return unknown_op(r, at, key);
    ornament_op op = {.code = def->code};
    static const char *const roles[] = {[ORNAMENT_COLOR] = "color", [ORNAMENT_ACCENT] = "accent"};
    static const char *const caps[] = {[ORNAMENT_CAP_BUTT] = "butt",
                                       [ORNAMENT_CAP_ROUND] = "round",
                                       [ORNAMENT_CAP_SQUARE] = "square"};
    kp_status st = def->kind == ROLE  ? read_word(r, at, def, value, roles, 2, &op.arg)
                   : def->kind == CAP ? read_word(r, at, def, value, caps, 3, &op.arg)
                                      : read_numbers(r, at, def, value, &op);
    if (st == KP_OK)
        st = check_place(r, at, def);
    if (st != KP_OK)
        return st;
    ornament *o = r->o;
    if (o->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 32;
        ornament_op *nops = realloc(o->ops, ncap * sizeof *nops);
        if (!nops)
            return kp_error_set(r->err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        o->ops = nops;
        r->cap = ncap;
    }
    o->ops[o->n++] = op;
    r->last_line = at->line;
    return KP_OK;
}

kp_status ornament_load(const char *path, ornament **out, kp_error *err)
{
    *out = NULL;
    ornament *o = calloc(1, sizeof *o);
    if (!o)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    reader r = {.o = o, .err = err, .path = path};
    kp_status st = iniread_file(path, handler, &r, err);
    if (st == KP_OK && r.path_line)
        st = oerr(&r, r.path_line, 0,
                  "path ini tidak diakhiri fill atau stroke (sampai akhir berkas, baris %d)",
                  r.last_line);
    if (st == KP_OK && o->n == 0)
        st = oerr(&r, 0, 0, "tidak ada operasi gambar di bagian [ornament]");
    if (st != KP_OK) {
        ornament_free(o);
        return st;
    }
    *out = o;
    return KP_OK;
}

void ornament_free(ornament *o)
{
    if (!o)
        return;
    free(o->ops);
    free(o);
}
