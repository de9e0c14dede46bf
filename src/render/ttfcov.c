#include "render/ttfcov.h"
#include "util/readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Font files are small (ours ~25 KB; large CJK fonts reach tens of MB): read them whole. */
#define TTF_MAX_BYTES (64u * 1024 * 1024)

static uint32_t u16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void set_bit(ttfcov *c, uint32_t cp)
{
    if (cp < 65536)
        c->bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

/* Format 4: segments of consecutive codes, each with a delta or an offset into glyph ids. */
static int read_format4(const uint8_t *t, size_t len, ttfcov *c)
{
    if (len < 14)
        return -1;
    size_t seg2 = u16(t + 6);
    if (seg2 % 2 || 16 + 4 * seg2 > len)
        return -1;
    const uint8_t *ends = t + 14, *starts = ends + seg2 + 2, *deltas = starts + seg2,
                  *offs = deltas + seg2;
    for (size_t s = 0; s < seg2; s += 2) {
        uint32_t end = u16(ends + s), start = u16(starts + s), delta = u16(deltas + s);
        uint32_t ro = u16(offs + s);
        for (uint32_t cp = start; cp <= end && cp != 0xFFFF; cp++) {
            uint32_t gid;
            if (ro == 0) {
                gid = (cp + delta) & 0xFFFF;
            } else {
                size_t at = (size_t)(offs + s - t) + ro + 2 * (cp - start);
                if (at + 2 > len)
                    return -1;
                gid = u16(t + at);
                if (gid)
                    gid = (gid + delta) & 0xFFFF;
            }
            if (gid)
                set_bit(c, cp);
        }
    }
    return 0;
}

/* Format 12: groups of consecutive codes mapped to consecutive glyph ids. */
static int read_format12(const uint8_t *t, size_t len, ttfcov *c)
{
    if (len < 16)
        return -1;
    uint32_t n = u32(t + 12);
    if (n > (len - 16) / 12)
        return -1;
    for (uint32_t g = 0; g < n; g++) {
        const uint8_t *p = t + 16 + 12 * g;
        uint32_t start = u32(p), end = u32(p + 4), gid = u32(p + 8);
        for (uint32_t cp = start; cp <= end && cp < 65536; cp++)
            if (gid + (cp - start))
                set_bit(c, cp);
    }
    return 0;
}

kp_status ttfcov_parse(const char *name, const uint8_t *d, size_t len, ttfcov *out, kp_error *err)
{
    memset(out, 0, sizeof *out);
    if (len < 12 || (u32(d) != 0x00010000 && u32(d) != 0x74727565 /* 'true' */))
        return kp_error_set(err, KP_ERR_DATA, name, 0, 0,
                            "bukan font TrueType (libharu hanya memakai kerangka glyf)");
    size_t ntab = u16(d + 4);
    if (12 + 16 * ntab > len)
        return kp_error_set(err, KP_ERR_DATA, name, 0, 0, "font TrueType terpotong");
    const uint8_t *cmap = NULL;
    size_t cmap_len = 0;
    for (size_t i = 0; i < ntab; i++) {
        const uint8_t *rec = d + 12 + 16 * i;
        if (memcmp(rec, "cmap", 4) == 0) {
            size_t off = u32(rec + 8), l = u32(rec + 12);
            if (off > len || l > len - off)
                return kp_error_set(err, KP_ERR_DATA, name, 0, 0, "tabel cmap rusak");
            cmap = d + off;
            cmap_len = l;
        }
    }
    if (!cmap || cmap_len < 4)
        return kp_error_set(err, KP_ERR_DATA, name, 0, 0, "font tanpa tabel cmap");
    size_t nsub = u16(cmap + 2);
    int found = 0;
    for (size_t i = 0; i < nsub && 4 + 8 * (i + 1) <= cmap_len; i++) {
        const uint8_t *rec = cmap + 4 + 8 * i;
        uint32_t platform = u16(rec), encoding = u16(rec + 2), off = u32(rec + 4);
        int unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if (!unicode || off + 4 > cmap_len)
            continue;
        const uint8_t *t = cmap + off;
        size_t avail = cmap_len - off;
        uint32_t format = u16(t);
        int rc = -1;
        if (format == 4)
            rc = read_format4(t, avail < u16(t + 2) ? avail : u16(t + 2), out);
        else if (format == 12 && avail >= 8)
            rc = read_format12(t, avail < u32(t + 4) ? avail : u32(t + 4), out);
        else
            continue;
        if (rc != 0)
            return kp_error_set(err, KP_ERR_DATA, name, 0, 0, "subtabel cmap rusak");
        found = 1;
    }
    if (!found)
        return kp_error_set(err, KP_ERR_DATA, name, 0, 0,
                            "font tanpa cmap Unicode (format 4 atau 12)");
    return KP_OK;
}

kp_status ttfcov_load(const char *path, ttfcov *out, kp_error *err)
{
    char *buf;
    size_t len;
    int rc = readfile_path(path, TTF_MAX_BYTES, &buf, &len);
    if (rc == EFBIG)
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0, "font terlalu besar");
    if (rc == EIO || rc == EISDIR)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "font tidak dapat dibaca");
    if (rc)
        return kp_error_errno(err, KP_ERR_DATA, path, rc, "font", "dibaca");
    kp_status st = ttfcov_parse(path, (const uint8_t *)buf, len, out, err);
    free(buf);
    return st;
}

bool ttfcov_has(const ttfcov *c, uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return true;
    return cp < 65536 && (c->bits[cp >> 3] >> (cp & 7)) & 1;
}
