#include "render/layout_fields.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct field {
    char key[LAYOUT_NAME_MAX];
    char *value;
    size_t cap;
} field;

struct layout_fields {
    field *items;
    size_t n, cap;
};

layout_fields *layout_fields_new(void)
{
    return calloc(1, sizeof(layout_fields));
}

void layout_fields_free(layout_fields *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->cap; i++)
        free(f->items[i].value);
    free(f->items);
    free(f);
}

void layout_fields_clear(layout_fields *f)
{
    /* Values keep their buffers: the next document sets the same keys again. */
    f->n = 0;
}

bool layout_fields_valid_key(const char *s, size_t len)
{
    if (len == 0 || len >= LAYOUT_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

static field *field_find(const layout_fields *f, const char *key, size_t len)
{
    for (size_t i = 0; i < f->n; i++)
        if (strncmp(f->items[i].key, key, len) == 0 && f->items[i].key[len] == '\0')
            return &f->items[i];
    return NULL;
}

kp_status layout_fields_set(layout_fields *f, const char *key, const char *value, kp_error *err)
{
    size_t klen = strlen(key);
    if (!layout_fields_valid_key(key, klen))
        return kp_error_set(err, KP_ERR_INTERNAL, NULL, 0, 0, "nama isian \"%s\" tidak sah", key);
    field *it = field_find(f, key, klen);
    if (!it) {
        if (f->n == f->cap) {
            size_t ncap = f->cap ? f->cap * 2 : 32;
            field *n = realloc(f->items, ncap * sizeof *n);
            if (!n)
                return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
            memset(n + f->cap, 0, (ncap - f->cap) * sizeof *n);
            f->items = n;
            f->cap = ncap;
        }
        it = &f->items[f->n++];
        memcpy(it->key, key, klen + 1);
    }
    size_t vlen = strlen(value);
    if (vlen + 1 > it->cap) {
        char *nv = realloc(it->value, vlen + 1);
        if (!nv)
            return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
        it->value = nv;
        it->cap = vlen + 1;
    }
    memcpy(it->value, value, vlen + 1);
    return KP_OK;
}

kp_status layout_fields_setf(layout_fields *f, kp_error *err, const char *key, const char *fmt, ...)
{
    char buf[LAYOUT_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "isian {%s} terlalu panjang", key);
    return layout_fields_set(f, key, buf, err);
}

const char *layout_fields_get(const layout_fields *f, const char *key)
{
    field *it = field_find(f, key, strlen(key));
    return it ? it->value : NULL;
}

kp_status layout_fields_scan(const char *text, layout_fields_scan_fn fn, void *user,
                             const char *file, int line, kp_error *err)
{
    for (const char *p = text; *p; p++) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            p++;
            continue;
        }
        if (*p == '}')
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "'}' tanpa pasangan dalam teks (tulis \"}}\" untuk '}')");
        if (*p != '{')
            continue;
        const char *end = strchr(p + 1, '}');
        if (!end)
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "'{' tanpa '}' dalam teks (tulis \"{{\" untuk '{')");
        size_t len = (size_t)(end - p - 1);
        if (!layout_fields_valid_key(p + 1, len))
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "placeholder {%.*s} tidak sah (huruf kecil, angka, '_')",
                                (int)(len > 60 ? 60 : len), p + 1);
        kp_status st = fn(user, p + 1, len, err);
        if (st != KP_OK)
            return st;
        p = end;
    }
    return KP_OK;
}

kp_status layout_fields_expand(const layout_fields *f, const char *text, char *out, size_t cap,
                               const char *file, int line, kp_error *err)
{
    size_t o = 0;
    for (const char *p = text; *p;) {
        const char *piece = p;
        size_t plen = 1;
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            p += 2;
        } else if (*p == '}') {
            return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                "'}' tanpa pasangan dalam teks (tulis \"}}\" untuk '}')");
        } else if (*p == '{') {
            const char *end = strchr(p + 1, '}');
            if (!end)
                return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                    "'{' tanpa '}' dalam teks (tulis \"{{\" untuk '{')");
            size_t len = (size_t)(end - p - 1);
            field *it = f ? field_find(f, p + 1, len) : NULL;
            if (!it)
                return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                    "placeholder {%.*s} tidak diisi", (int)(len > 60 ? 60 : len),
                                    p + 1);
            piece = it->value;
            plen = strlen(it->value);
            p = end + 1;
        } else {
            p++;
        }
        if (o + plen >= cap)
            return kp_error_set(err, KP_ERR_DATA, file, line, 0, "teks terlalu panjang (maks %zu)",
                                cap - 1);
        memcpy(out + o, piece, plen);
        o += plen;
    }
    out[o] = '\0';
    return KP_OK;
}
