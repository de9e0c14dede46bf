#include "render/acara.h"

#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "render/layout.h"
#include "util/cp1252.h"
#include "util/idfmt.h"
#include "util/iniread.h"

long long acara_epoch(const acara *a)
{
    /* Days from 1970-01-01 to the date, proleptic Gregorian (no time zone involved). */
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long long y = a->tahun, days = 0;
    for (long long k = 1970; k < y; k++)
        days += (k % 4 == 0 && (k % 100 != 0 || k % 400 == 0)) ? 366 : 365;
    int leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    int m = a->bulan >= 1 && a->bulan <= 12 ? a->bulan : 1;
    days += before[m - 1] + (m > 2 && leap) + (a->hari >= 1 ? a->hari - 1 : 0);
    return days * 86400;
}

long long acara_doc_epoch(const acara *a, long long ctx_epoch, bool ctx_epoch_fixed)
{
    return ctx_epoch_fixed || a->tahun < 1970 ? ctx_epoch : acara_epoch(a);
}

void acara_defaults(acara *out, int tahun, long long epoch)
{
    memset(out, 0, sizeof *out);
    time_t tt = (time_t)epoch;
    struct tm tm;
    if (gmtime_r(&tt, &tm)) {
        out->tahun = tm.tm_year + 1900;
        out->bulan = tm.tm_mon + 1;
        out->hari = tm.tm_mday;
    } else {
        out->tahun = tahun + 1;
        out->bulan = 1;
        out->hari = 1;
    }
    snprintf(out->tempat, sizeof out->tempat, "Jakarta");
    snprintf(out->lembaga, sizeof out->lembaga, "Ombudsman Republik Indonesia");
    snprintf(out->jabatan, sizeof out->jabatan, "Ketua Ombudsman Republik Indonesia");
    snprintf(out->penandatangan, sizeof out->penandatangan, "(nama penandatangan)");
    snprintf(out->nip, sizeof out->nip, "(NIP penandatangan)");
    snprintf(out->dasar_hukum, sizeof out->dasar_hukum,
             "Keputusan Ketua Ombudsman Republik Indonesia tentang Hasil Penilaian Kepatuhan "
             "Penyelenggaraan Pelayanan Publik Tahun %d",
             tahun);
    /* Without acara.ini the program cannot know which method's name a year carries; this
     * one is true of both (Kepatuhan until 2024, Maladministrasi from 2025). */
    snprintf(out->penilaian, sizeof out->penilaian, "Penilaian Penyelenggaraan Pelayanan Publik");
    snprintf(out->nomor, sizeof out->nomor, "{seq:03}/{romawi}/{tahun_acara}");
    snprintf(out->skpd_penandatangan, sizeof out->skpd_penandatangan, "(nama kepala daerah)");
    snprintf(out->skpd_nomor, sizeof out->skpd_nomor, "{seq:03}/ORG/{romawi}/{tahun_acara}");
}

static kp_status expand(const acara *a, const char *pattern, int tahun, int seq, char *out,
                        size_t cap, const char *file, int line, kp_error *err)
{
    size_t o = 0;
    for (const char *p = pattern; *p;) {
        char piece[64];
        const char *src = piece;
        if (*p != '{') {
            piece[0] = *p++;
            piece[1] = '\0';
        } else {
            const char *end = strchr(p, '}');
            if (!end)
                return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                    "pola nomor: '{' tanpa '}' dalam \"%s\"", pattern);
            size_t len = (size_t)(end - p - 1);
            const char *name = p + 1;
            if (len == 3 && strncmp(name, "seq", 3) == 0) {
                snprintf(piece, sizeof piece, "%d", seq);
            } else if (len == 6 && strncmp(name, "seq:0", 5) == 0 && name[5] >= '1' &&
                       name[5] <= '9') {
                snprintf(piece, sizeof piece, "%0*d", name[5] - '0', seq);
            } else if (len == 6 && strncmp(name, "romawi", 6) == 0) {
                src = idfmt_romawi(a->bulan);
            } else if (len == 5 && strncmp(name, "bulan", 5) == 0) {
                snprintf(piece, sizeof piece, "%d", a->bulan);
            } else if (len == 11 && strncmp(name, "tahun_acara", 11) == 0) {
                snprintf(piece, sizeof piece, "%d", a->tahun);
            } else if (len == 5 && strncmp(name, "tahun", 5) == 0) {
                snprintf(piece, sizeof piece, "%d", tahun);
            } else {
                return kp_error_set(err, KP_ERR_DATA, file, line, 0,
                                    "pola nomor: placeholder {%.*s} tidak dikenal (seq, seq:03, "
                                    "romawi, bulan, tahun_acara, tahun)",
                                    (int)(len > 40 ? 40 : len), name);
            }
            p = end + 1;
        }
        size_t n = strlen(src);
        if (o + n >= cap)
            return kp_error_set(err, KP_ERR_DATA, file, line, 0, "nomor terlalu panjang: \"%s\"",
                                pattern);
        memcpy(out + o, src, n);
        o += n;
    }
    out[o] = '\0';
    return KP_OK;
}

kp_status acara_nomor(const acara *a, const char *pattern, int tahun, int seq, char *out,
                      size_t cap, kp_error *err)
{
    return expand(a, pattern, tahun, seq, out, cap, a->path[0] ? a->path : NULL, 0, err);
}

/* State of one pass over acara.ini. */
typedef struct parse {
    int line;
    int tahun;
    int pass; /* 0: [acara], 1: the year's section, so the year wins whatever the order */
    acara *a;
    kp_status st;
    kp_error *err;
} parse;

static void apply_key(parse *ps, const char *section, const char *key, const char *value, bool cont)
{
    acara *a = ps->a;
    bool is_default = strcmp(section, "acara") == 0;
    char *endp;
    long year = strtol(section, &endp, 10);
    bool is_year = *section && *endp == '\0' && year >= 1900 && year <= 9999;
    if (!is_default && !is_year) {
        ps->st = kp_error_set(ps->err, KP_ERR_DATA, a->path, ps->line, 0,
                              "bagian [%s] tidak dikenal ([acara] atau tahun penilaian, mis. "
                              "[2023])",
                              section);
        return;
    }
    /* Every value may end up on a document, whose fonts print CP1252 only: refused here, at
     * its line, not when a document is drawn. */
    uint32_t cp = cp1252_unprintable(value);
    if (cp) {
        ps->st = kp_error_set(ps->err, KP_ERR_DATA, a->path, ps->line, 0,
                              "%s: karakter U+%04X tidak dapat dicetak pada dokumen (hurufnya "
                              "hanya memuat aksara Latin, CP1252): \"%.80s\"",
                              key, (unsigned)cp, value);
        return;
    }
    /* Other years' sections are checked too (pass 0), but applied by nobody. */
    bool apply = ps->pass == 0 ? is_default : (is_year && year == ps->tahun);
    bool check = ps->pass == 0;
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {
        {"tempat", offsetof(acara, tempat)},
        {"lembaga", offsetof(acara, lembaga)},
        {"unit_lembaga", offsetof(acara, unit_lembaga)},
        {"jabatan", offsetof(acara, jabatan)},
        {"penandatangan", offsetof(acara, penandatangan)},
        {"nip", offsetof(acara, nip)},
        {"dasar_hukum", offsetof(acara, dasar_hukum)},
        {"penilaian", offsetof(acara, penilaian)},
        {"nomor", offsetof(acara, nomor)},
        {"skpd_jabatan", offsetof(acara, skpd_jabatan)},
        {"skpd_penandatangan", offsetof(acara, skpd_penandatangan)},
        {"skpd_nip", offsetof(acara, skpd_nip)},
        {"skpd_nomor", offsetof(acara, skpd_nomor)},
        {"verifikasi_url", offsetof(acara, verifikasi_url)},
    };
    if (strcmp(key, "tanggal") == 0) {
        int y, m, d;
        if (idfmt_parse_iso_date(value, &y, &m, &d) != 0) {
            ps->st =
                kp_error_set(ps->err, KP_ERR_DATA, a->path, ps->line, 0,
                             "tanggal \"%s\" tidak sah (tulis YYYY-MM-DD, mis. 2024-01-17)", value);
            return;
        }
        if (apply) {
            a->tahun = y;
            a->bulan = m;
            a->hari = d;
        }
        return;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(key, keys[i].key) != 0)
            continue;
        char *dst = (char *)a + keys[i].off;
        size_t have = cont ? strlen(dst) : 0;
        if (have + 1 + strlen(value) >= ACARA_TEXT_MAX) {
            ps->st =
                kp_error_set(ps->err, KP_ERR_DATA, a->path, ps->line, 0,
                             "nilai \"%s\" terlalu panjang (maks %d)", key, ACARA_TEXT_MAX - 1);
            return;
        }
        if (check && strstr(key, "nomor")) {
            char tmp[ACARA_TEXT_MAX];
            ps->st = expand(a, value, ps->tahun, 1, tmp, sizeof tmp, a->path, ps->line, ps->err);
            if (ps->st != KP_OK)
                return;
        }
        /* A link without the code would send every QR code to the same page. */
        if (check && !cont && strcmp(key, "verifikasi_url") == 0 && value[0] &&
            strstr(value, "{kode}") == NULL) {
            ps->st = kp_error_set(ps->err, KP_ERR_DATA, a->path, ps->line, 0,
                                  "verifikasi_url harus memuat {kode}, mis. "
                                  "https://contoh.go.id/verifikasi/#{kode}");
            return;
        }
        if (apply && cont)
            snprintf(dst + have, ACARA_TEXT_MAX - have, " %s", value);
        else if (apply)
            snprintf(dst, ACARA_TEXT_MAX, "%s", value);
        return;
    }
    ps->st = kp_error_set(ps->err, KP_ERR_DATA, a->path, ps->line, 0,
                          "kunci \"%s\" tidak dikenal (tempat, tanggal, lembaga, unit_lembaga, "
                          "jabatan, penandatangan, nip, dasar_hukum, penilaian, nomor, "
                          "skpd_jabatan, skpd_penandatangan, skpd_nip, skpd_nomor, "
                          "verifikasi_url)",
                          key);
}

static kp_status handler(void *user, const iniread_at *at, const char *section, const char *key,
                         const char *value, kp_error *err)
{
    (void)err; /* the same as ps->err */
    parse *ps = user;
    ps->line = at->line;
    apply_key(ps, section, key, value, at->cont);
    return ps->st;
}

kp_status acara_load_dir(const char *templat_dir, int tahun, long long epoch, acara *out,
                         kp_error *err)
{
    char path[sizeof out->path];
    int n = snprintf(path, sizeof path, "%s/acara.ini", templat_dir);
    if (n < 0 || (size_t)n >= sizeof path)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "jalur berkas terlalu panjang: %.200s",
                            templat_dir);
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        acara_defaults(out, tahun, epoch);
        return KP_OK;
    }
    return acara_load(path, tahun, epoch, out, err);
}

kp_status acara_load(const char *path, int tahun, long long epoch, acara *out, kp_error *err)
{
    acara_defaults(out, tahun, epoch);
    snprintf(out->path, sizeof out->path, "%s", path);
    parse ps = {.tahun = tahun, .a = out, .st = KP_OK, .err = err};
    for (ps.pass = 0; ps.pass < 2; ps.pass++) {
        kp_status st = iniread_file(path, handler, &ps, err);
        if (st != KP_OK)
            return st;
    }
    return KP_OK;
}
