#include "render/xlsxbook.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/utf8.h"

/* Header cells are fitted between a number's width and this; longer headers wrap. */
#define NUM_WIDTH  9.0
#define HEAD_WIDTH 16.0

/* ---- the workbook ------------------------------------------------------------------------ */

/* A libxlsxwriter result as a status: KP_OK, or KP_ERR_IO naming path and the reason. */
static kp_status book_error(lxw_error e, const char *path, kp_error *err)
{
    if (e == LXW_NO_ERROR)
        return KP_OK;
    /* Both are a failed open, which left its errno: the reason a user can act on. */
    if (e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "ditulis");
    return kp_error_set(err, KP_ERR_IO, path, 0, 0, "gagal menulis buku kerja: %s",
                        lxw_strerror(e));
}

/*
 * workbook_close writes the created date through gmtime(3), whose result is one static
 * buffer: two workbooks closed at once (two runs of `kepatuhan layani`) race on it, as
 * ThreadSanitizer showed. So workbooks close one at a time. A CLI run writes its workbooks
 * on one thread and loses nothing; two server runs take turns only for the final zip step.
 */
static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;

static lxw_error close_workbook(lxw_workbook *wb)
{
    pthread_mutex_lock(&close_lock);
    lxw_error e = workbook_close(wb);
    pthread_mutex_unlock(&close_lock);
    return e;
}

static void add_formats(xlsxbook *bk)
{
    lxw_workbook *wb = bk->wb;
    bk->title = workbook_add_format(wb);
    format_set_bold(bk->title);
    format_set_font_size(bk->title, 14);
    bk->bold = workbook_add_format(wb);
    format_set_bold(bk->bold);
    bk->head = workbook_add_format(wb);
    format_set_bold(bk->head);
    format_set_bg_color(bk->head, 0xD9E1F2);
    format_set_bottom(bk->head, LXW_BORDER_THIN);
    format_set_text_wrap(bk->head);
    format_set_align(bk->head, LXW_ALIGN_VERTICAL_TOP);
    bk->num = workbook_add_format(wb);
    format_set_num_format(bk->num, "0.00");
    bk->signed_num = workbook_add_format(wb);
    format_set_num_format(bk->signed_num, "+0.00;-0.00;0.00");
    bk->count = workbook_add_format(wb);
    format_set_num_format(bk->count, "0");
    bk->pct = workbook_add_format(wb);
    format_set_num_format(bk->pct, "0.0%");
    bk->wrap = workbook_add_format(wb);
    format_set_text_wrap(bk->wrap);
    format_set_align(bk->wrap, LXW_ALIGN_VERTICAL_TOP);
}

kp_status xlsxbook_open(xlsxbook *bk, const char *path, const xlsxbook_props *props,
                        const xlsxbook_options *opt, kp_error *err)
{
    static const xlsxbook_options defaults = {0};
    if (!opt)
        opt = &defaults;
    memset(bk, 0, sizeof(*bk));
    bk->path = path;
    bk->file = path;
    if (opt->atomic) {
        if (snprintf(bk->tmp, sizeof bk->tmp, "%s.tmp-%ld.xlsx", path, (long)getpid()) >=
            (int)sizeof bk->tmp)
            return kp_error_set(err, KP_ERR_IO, path, 0, 0, "nama berkas terlalu panjang");
        bk->file = bk->tmp;
    }
    lxw_workbook_options o = {.constant_memory = opt->constant_memory ? LXW_TRUE : LXW_FALSE,
                              .tmpdir = (char *)opt->tmpdir,
                              .use_zip64 = LXW_TRUE};
    /* libxlsxwriter opens the file only when closing, after all the work, and prints its
     * failure to stderr: find an unwritable path first, quietly. */
    FILE *probe = fopen(bk->file, "wb");
    if (!probe)
        return kp_error_errno(err, KP_ERR_IO, path, errno, "berkas", "ditulis");
    fclose(probe);
    bk->wb = workbook_new_opt(bk->file, &o);
    if (!bk->wb)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0,
                            "tidak dapat membuat buku kerja (memori habis)");
    /* libxlsxwriter takes created == 0 as "now": keep the file reproducible even then. */
    lxw_doc_properties p = {.title = (char *)props->title,
                            .subject = (char *)props->subject,
                            .author = (char *)props->author,
                            .company = (char *)props->company,
                            .keywords = (char *)props->keywords,
                            .comments = (char *)props->comments,
                            .created = (time_t)(props->epoch > 0 ? props->epoch : 1)};
    lxw_error e = workbook_set_properties(bk->wb, &p);
    if (e != LXW_NO_ERROR) {
        close_workbook(bk->wb);
        bk->wb = NULL;
        return book_error(e, path, err);
    }
    add_formats(bk);
    return KP_OK;
}

kp_status xlsxbook_close(xlsxbook *bk, kp_error *err)
{
    kp_status st = book_error(close_workbook(bk->wb), bk->path, err);
    bk->wb = NULL;
    if (st == KP_OK)
        st = book_error(bk->err, bk->path, err);
    if (st == KP_OK && bk->file == bk->tmp && rename(bk->tmp, bk->path) != 0)
        st = kp_error_set(err, KP_ERR_IO, bk->path, 0, 0, "tidak dapat menulis berkas");
    if (st != KP_OK)
        remove(bk->file);
    return st;
}

void xlsxbook_note(xlsxbook *bk, lxw_error e)
{
    if (e != LXW_NO_ERROR && bk->err == LXW_NO_ERROR)
        bk->err = e;
}

void xlsxbook_print_setup(lxw_worksheet *ws, lxw_row_t first_row, lxw_row_t last_row)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, first_row, last_row);
    worksheet_set_footer(ws, "&L&A&RHalaman &P dari &N");
}

double xlsxbook_text_width(const char *s)
{
    /* Proportional fonts: capitals and digits are wider than the average character. */
    return (double)utf8_count(s) * 1.1 + 2.0;
}

/* ---- sheets ------------------------------------------------------------------------------ */

bool xlsxbook_sheet_open(xlsxbook *bk, xlsxbook_sheet *s, const char *name)
{
    memset(s, 0, sizeof(*s));
    s->bk = bk;
    snprintf(s->name, sizeof(s->name), "%s", name);
    lxw_error e = workbook_validate_sheet_name(bk->wb, s->name);
    if (e == LXW_NO_ERROR) {
        s->ws = workbook_add_worksheet(bk->wb, s->name);
        if (!s->ws)
            e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    xlsxbook_note(bk, e);
    return s->ws != NULL;
}

void xlsxbook_fit(xlsxbook_sheet *s, int col, double w)
{
    if (col < XLSXBOOK_MAX_COLS && w > s->width[col])
        s->width[col] = w;
    if (col + 1 > s->n_cols)
        s->n_cols = col + 1;
}

void xlsxbook_put_str(xlsxbook_sheet *s, int col, const char *v, lxw_format *f)
{
    if (!v || !*v)
        return;
    xlsxbook_note(s->bk, worksheet_write_string(s->ws, s->row, (lxw_col_t)col, v, f));
    /* Level sheets repeat the province and instansi on every unit row: measure each once. */
    if (col < XLSXBOOK_MAX_COLS && s->last[col] == v)
        return;
    if (col < XLSXBOOK_MAX_COLS)
        s->last[col] = v;
    xlsxbook_fit(s, col, xlsxbook_text_width(v));
}

void xlsxbook_put_dec(xlsxbook_sheet *s, int col, dec_t v)
{
    xlsxbook_note(
        s->bk, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, dec_to_double(v), s->bk->num));
}

void xlsxbook_put_int(xlsxbook_sheet *s, int col, long long v)
{
    xlsxbook_note(s->bk,
                  worksheet_write_number(s->ws, s->row, (lxw_col_t)col, (double)v, s->bk->count));
}

void xlsxbook_put_pct(xlsxbook_sheet *s, int col, size_t part, size_t whole)
{
    double v = whole ? (double)part / (double)whole : 0.0;
    xlsxbook_note(s->bk, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, s->bk->pct));
}

void xlsxbook_put_header(xlsxbook_sheet *s, const char *const *head, int n)
{
    /* Two lines: viewers do not all grow a row for wrapped text on their own. */
    xlsxbook_note(s->bk, worksheet_set_row(s->ws, s->row, 30, NULL));
    for (int c = 0; c < n; c++) {
        /* Header cells wrap: a long header takes two lines instead of a wide column. */
        xlsxbook_note(s->bk,
                      worksheet_write_string(s->ws, s->row, (lxw_col_t)c, head[c], s->bk->head));
        double w = xlsxbook_text_width(head[c]);
        xlsxbook_fit(s, c, w > HEAD_WIDTH ? HEAD_WIDTH : w < NUM_WIDTH ? NUM_WIDTH : w);
    }
    s->row++;
}

void xlsxbook_section(xlsxbook_sheet *s, const char *title)
{
    xlsxbook_note(s->bk, worksheet_write_string(s->ws, s->row, 0, title, s->bk->bold));
    s->row++;
}

void xlsxbook_sheet_widths(xlsxbook_sheet *s)
{
    for (int c = 0; c < s->n_cols && c < XLSXBOOK_MAX_COLS; c++) {
        double w = s->width[c] > XLSXBOOK_MAX_WIDTH ? XLSXBOOK_MAX_WIDTH : s->width[c];
        xlsxbook_note(s->bk, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
    }
}

void xlsxbook_cond_text(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col, uint8_t crit,
                        const char *value, lxw_format *f)
{
    lxw_conditional_format cf = {0};
    cf.type = crit == LXW_CONDITIONAL_CRITERIA_EQUAL_TO ? LXW_CONDITIONAL_TYPE_CELL
                                                        : LXW_CONDITIONAL_TYPE_TEXT;
    cf.criteria = crit;
    cf.value_string = (char *)value;
    cf.format = f;
    xlsxbook_note(s->bk, worksheet_conditional_format_range(s->ws, r1, (lxw_col_t)col, r2,
                                                            (lxw_col_t)col, &cf));
}

void xlsxbook_cond_num(xlsxbook_sheet *s, lxw_row_t r1, lxw_row_t r2, int col, uint8_t crit,
                       lxw_format *f)
{
    lxw_conditional_format cf = {0};
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = crit;
    cf.value = 0;
    cf.format = f;
    xlsxbook_note(s->bk, worksheet_conditional_format_range(s->ws, r1, (lxw_col_t)col, r2,
                                                            (lxw_col_t)col, &cf));
}
