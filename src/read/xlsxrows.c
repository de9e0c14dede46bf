#include "read/xlsxrows.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include "model/check.h"
#include "read/xlsxin.h"
#include "util/similar.h"

/* Rows between two hand-overs to the checker: as the CSV reader's chunks, a few thousand. */
#define PUBLISH_ROWS 8192

/* The sheets `templat-input` writes beside its Data sheet (src/render/tplinput.c): the
 * instructions and the lists the Data sheet's drop-downs take their values from. */
static const char *const not_data[] = {"Petunjuk", "Daftar"};

bool xlsxrows_is_workbook(const char *path)
{
    /* Only a regular file is looked into: reading a pipe (/dev/stdin) would eat the bytes the
     * CSV reader needs, and a zip archive cannot be read from a pipe anyway (csvin says so). */
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char m[4];
    bool zip_or_ole = fread(m, 1, 4, f) == 4 &&
                      (memcmp(m, "PK\x03\x04", 4) == 0 || memcmp(m, "\xD0\xCF\x11\xE0", 4) == 0);
    fclose(f);
    return zip_or_ole || xlsxin_sniff(path);
}

/* The SHA-256 of the file's bytes as hex, for Metodologi; KP_ERR_DATA when unreadable. */
static kp_status file_digest(const char *path, char *hex, kp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas", "dibaca");
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    static unsigned char buf[1 << 16];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&ctx, got, buf);
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0, "gagal membaca berkas");
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) {
        hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[d[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
    return KP_OK;
}

/* One sheet being streamed: cells become the fields of a record, column by column. */
typedef struct feed {
    rows_data *d;
    const char *path, *sheet;
    const csvin_options *opt;
    const rubric_set *rubrics;
    diag_list *diags;
    csvin_table *t; /* NULL until the header is taken */
    csvin_field *f;
    size_t cap;
    bool probe;       /* the header decides whether this sheet is read */
    bool header_only; /* read the header (for its messages) and stop */
    bool saw_row;     /* the sheet has a non-empty row */
    bool oom;
    size_t unpublished;
} feed;

/* A row whose first non-empty cell starts with '#' is a comment, as a CSV line is. */
static bool is_comment(const xlsxin_cell *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i].text;
        size_t k = 0;
        while (k < cells[i].len && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k < cells[i].len)
            return cells[i].kind == XLSXIN_STRING && s[k] == '#';
    }
    return false;
}

static bool on_row(void *ud, uint32_t row, const xlsxin_cell *cells, size_t n)
{
    feed *fd = ud;
    size_t nf = (size_t)cells[n - 1].col + 1;
    if (nf > fd->cap) {
        size_t cap = fd->cap ? fd->cap : 64;
        while (cap < nf)
            cap *= 2;
        csvin_field *f = realloc(fd->f, cap * sizeof *f);
        if (!f) {
            fd->oom = true;
            return false;
        }
        fd->f = f;
        fd->cap = cap;
    }
    for (size_t i = 0; i < nf; i++)
        fd->f[i] = (csvin_field){"", 0, row, CSVIN_TEXT};
    for (size_t i = 0; i < n; i++) {
        csvin_kind kind = cells[i].kind == XLSXIN_ERROR      ? CSVIN_ERROR
                          : cells[i].kind == XLSXIN_NO_VALUE ? CSVIN_NO_VALUE
                                                             : CSVIN_TEXT;
        fd->f[cells[i].col] = (csvin_field){cells[i].text, cells[i].len, row, kind};
    }
    if (!fd->t) {
        bool blank = true;
        for (size_t i = 0; i < n && blank; i++)
            blank = cells[i].len == 0 && cells[i].kind == XLSXIN_STRING;
        if (blank)
            return true;
        fd->saw_row = true;
        if (fd->probe && !csvin_header_accepted(fd->f, nf, fd->rubrics))
            return false;
        fd->t = csvin_table_new(fd->d, fd->path, fd->sheet, fd->opt, fd->rubrics, fd->diags);
        if (!fd->t) {
            fd->oom = true;
            return false;
        }
        csvin_table_record(fd->t, fd->f, nf);
        return !fd->header_only;
    }
    if (is_comment(cells, n))
        return true;
    csvin_table_record(fd->t, fd->f, nf);
    if (++fd->unpublished == PUBLISH_ROWS) {
        fd->unpublished = 0;
        check_publish(fd->d);
    }
    return true;
}

static bool is_not_data(const char *name)
{
    for (size_t i = 0; i < sizeof not_data / sizeof *not_data; i++)
        if (strcasecmp(name, not_data[i]) == 0)
            return true;
    return false;
}

/* "Data, Lembar2, Petunjuk": the sheets of the workbook, for messages. */
static void sheet_list(const xlsxin *x, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < xlsxin_sheet_count(x) && len < cap; i++)
        len +=
            (size_t)snprintf(out + len, cap - len, "%s%s", i ? ", " : "", xlsxin_sheet_name(x, i));
}

/* Streams one sheet into fd; the table, when one was started, is ended here. */
static kp_status read_sheet(xlsxin *x, size_t i, feed *fd, const char *digest, kp_error *err)
{
    fd->sheet = xlsxin_sheet_name(x, i);
    kp_status st = xlsxin_sheet_rows(x, i, on_row, fd, err);
    if (fd->oom && st == KP_OK)
        st = kp_error_set(err, KP_ERR_IO, fd->path, 0, 0, "memori habis");
    if (fd->t) {
        memcpy(csvin_table_file(fd->t)->sha256, digest, 65);
        kp_status end = csvin_table_end(fd->t, err);
        fd->t = NULL;
        if (st == KP_OK)
            st = end;
        fd->probe = false; /* this sheet was taken */
        check_publish(fd->d);
    }
    return st;
}

kp_status xlsxrows_read_file(rows_data *data, const char *path, const char *sheet,
                             const csvin_options *opt, const rubric_set *rubrics, diag_list *diags,
                             kp_error *err)
{
    xlsxin *x = NULL;
    kp_status st = xlsxin_open(path, &x, err);
    if (st != KP_OK)
        return st;
    char digest[65];
    st = file_digest(path, digest, err);
    feed fd = {.d = data, .path = path, .opt = opt, .rubrics = rubrics, .diags = diags};
    char list[512];
    sheet_list(x, list, sizeof list);
    size_t n = xlsxin_sheet_count(x);
    if (st == KP_OK && sheet) {
        int i = xlsxin_sheet_find(x, sheet);
        if (i >= 0) {
            st = read_sheet(x, (size_t)i, &fd, digest, err);
        } else {
            const char *names[64];
            size_t k = 0;
            for (; k < n && k < 64; k++)
                names[k] = xlsxin_sheet_name(x, k);
            const char *hint = similar_best(sheet, names, k, 2);
            char maksud[300] = "";
            if (hint)
                snprintf(maksud, sizeof maksud, "maksud Anda '%s'? ", hint);
            diag_add(diags, DIAG_ERROR, path, 0, 0,
                     "tidak ada lembar \"%s\" (--lembar); %slembar yang ada: %s", sheet, maksud,
                     list);
        }
    } else if (st == KP_OK) {
        /* The first visible sheet whose header the CSV rules accept. */
        fd.probe = true;
        int first = -1;
        for (size_t i = 0; i < n && fd.probe && st == KP_OK; i++) {
            if (!xlsxin_sheet_visible(x, i) || is_not_data(xlsxin_sheet_name(x, i)))
                continue;
            fd.saw_row = false;
            st = read_sheet(x, i, &fd, digest, err);
            if (first < 0 && fd.saw_row)
                first = (int)i;
        }
        if (st == KP_OK && fd.probe) {
            if (first < 0) {
                diag_add(diags, DIAG_ERROR, path, 0, 0,
                         "tidak ada lembar berisi data (lembar yang ada: %s)", list);
            } else {
                diag_add(diags, DIAG_ERROR, path, 0, 0,
                         "tidak ada lembar yang baris pertamanya baris judul yang dikenali "
                         "(lembar yang ada: %s); pilih lembar dengan --lembar NAMA. Baris judul "
                         "lembar \"%s\":",
                         list, xlsxin_sheet_name(x, (size_t)first));
                /* Its header's problems, as a CSV file's would be told. */
                fd.probe = false;
                fd.header_only = true;
                st = read_sheet(x, (size_t)first, &fd, digest, err);
            }
        }
    }
    free(fd.f);
    xlsxin_free(x);
    return st;
}
