#include "render/tplinput.h"

#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "model/names.h"
#include "render/xlsxbook.h"
#include "util/outdir.h"

/* Fixed columns before the rubric's components; nilai follows them. */
enum { COL_TAHUN, COL_PROVINSI, COL_KODE, COL_INSTANSI, COL_JENIS, COL_SKPD, COL_FIRST_COMP };

static const char *const fixed_cols[] = {"tahun", "provinsi", "kode", "instansi", "jenis", "skpd"};

static const char *const fixed_notes[] = {
    "Tahun penilaian, 4 angka (contoh 2024).",
    "Nama provinsi tanpa kata 'Provinsi' (contoh Kalimantan Selatan). Kosongkan untuk "
    "kementerian dan lembaga.",
    "Kode wilayah Kemendagri (contoh 63.72). Boleh kosong; bila diisi, dipakai untuk "
    "mencocokkan instansi antar tahun.",
    "Nama instansi: Kota Banjarbaru, Kabupaten Barito Kuala, Provinsi Kalimantan Selatan, "
    "Kementerian ...",
    "Jenis instansi: pilih dari daftar (kementerian, lembaga, provinsi, kabupaten, kota).",
    "Nama unit layanan / SKPD (contoh Disdukcapil). Kosongkan untuk nilai resmi instansi "
    "itu sendiri.",
};

/* The column of the gate after nilai, for a method that has one (Opini 2025-). */
static const char GERBANG_COL[] = "tanpa_maladministrasi";

static const char JENIS_NOTE_VERTIKAL[] =
    "Jenis instansi: pilih dari daftar (kementerian, lembaga, provinsi, kabupaten, kota, "
    "vertikal). vertikal: Polres, Kantor Pertanahan, Kantor Imigrasi, Lapas, Rutan, Bapas - "
    "satu baris dengan kolom skpd kosong.";

static const char GERBANG_NOTE[] =
    "Tanpa Maladministrasi: ya bila instansi menindaklanjuti temuan dan produk pengawasan "
    "Ombudsman sepenuhnya, tidak bila tidak, kosong bila belum diketahui. Cukup di satu baris "
    "instansi (baris instansinya atau salah satu unitnya); baris lain boleh kosong atau sama. "
    "Kosongkan untuk kantor vertikal.";

static int year_for(const rubric *r, int tahun)
{
    return tahun ? tahun : r->tahun_dari;
}

/* Vertical offices are loci only in a method that gives opinions (and them a unit's label). */
static bool offers_vertikal(const rubric *r)
{
    return r->opini[0] != '\0';
}

/* The last jenis the Daftar sheet and the dropdown offer. */
static names_jenis last_jenis(const rubric *r)
{
    return offers_vertikal(r) ? JENIS_VERTIKAL : JENIS_KOTA;
}

void tplinput_header(const rubric *r, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < COL_FIRST_COMP; i++)
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%s", i ? "," : "",
                                fixed_cols[i]);
    for (int i = 0; i < r->n_comp; i++)
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, ",%s", r->comp[i].key);
    len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, ",nilai");
    if (rubric_has_gerbang(r))
        snprintf(out + len, len < cap ? cap - len : 0, ",%s", GERBANG_COL);
}

/* The two example rows as cell texts: a unit with its components, and an instansi's own row. */
typedef struct example_row {
    const char *cells[COL_FIRST_COMP];
    dec_t comp[RUBRIC_MAX_COMP];
    int has_comp;
    dec_t nilai;
    int has_nilai;
    const char *gerbang; /* the gate's cell, for a method that has one */
} example_row;

static void examples(const rubric *r, int tahun, char *tahun_cell, size_t cap, example_row rows[2])
{
    snprintf(tahun_cell, cap, "#%d", year_for(r, tahun));
    for (int k = 0; k < 2; k++) {
        example_row *e = &rows[k];
        memset(e, 0, sizeof *e);
        e->cells[COL_TAHUN] = tahun_cell;
        e->cells[COL_PROVINSI] = "Kalimantan Selatan";
        e->cells[COL_KODE] = "63.72";
        e->cells[COL_INSTANSI] = "Kota Banjarbaru";
        e->cells[COL_JENIS] = "kota";
    }
    /* A unit: its components at 90% of their weights, or a final score when there are none.
     * The opinion method assesses three sector units per pemda: one of them. */
    rows[0].cells[COL_SKPD] = offers_vertikal(r) ? "Dinas Pendidikan" : "Disdukcapil";
    rows[0].gerbang = "ya";
    rows[1].gerbang = "";
    if (r->n_comp > 0) {
        rows[0].has_comp = 1;
        for (int i = 0; i < r->n_comp; i++)
            rows[0].comp[i] = dec_percent_of(9000, r->comp[i].bobot);
    } else {
        rows[0].has_nilai = 1;
        rows[0].nilai = dec_percent_of(9031, r->nilai_maks);
    }
    rows[1].cells[COL_SKPD] = "";
    rows[1].has_nilai = 1;
    rows[1].nilai = dec_percent_of(9200, r->nilai_maks);
}

/* --- CSV ------------------------------------------------------------------------------------ */

kp_status tplinput_write_csv(const rubric *r, int tahun, const char *path, kp_error *err)
{
    char buf[4096];
    tplinput_header(r, buf, sizeof buf);
    size_t len = strlen(buf);
    char tahun_cell[16];
    example_row rows[2];
    examples(r, tahun, tahun_cell, sizeof tahun_cell, rows);
    for (int k = 0; k < 2; k++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "\n");
        for (int c = 0; c < COL_FIRST_COMP; c++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", c ? "," : "",
                                    rows[k].cells[c]);
        char num[32];
        for (int i = 0; i < r->n_comp; i++)
            len += (size_t)snprintf(
                buf + len, sizeof buf - len, ",%s",
                rows[k].has_comp ? dec_format(rows[k].comp[i], '.', num, sizeof num) : "");
        len += (size_t)snprintf(buf + len, sizeof buf - len, ",%s",
                                rows[k].has_nilai ? dec_format(rows[k].nilai, '.', num, sizeof num)
                                                  : "");
        if (rubric_has_gerbang(r))
            len += (size_t)snprintf(buf + len, sizeof buf - len, ",%s", rows[k].gerbang);
    }
    len += (size_t)snprintf(buf + len, sizeof buf - len, "\n");
    return outdir_write_file(path, buf, len, err);
}

/* --- Workbook ------------------------------------------------------------------------------- */

/* Validation texts are ASCII only: libxlsxwriter 1.1.4 overflows on UTF-8 in them. */
static lxw_error validate(lxw_worksheet *ws, lxw_col_t col, lxw_data_validation *dv,
                          const char *title, const char *input, const char *error)
{
    dv->show_input = LXW_VALIDATION_ON;
    dv->show_error = LXW_VALIDATION_ON;
    dv->error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv->input_title = (char *)title;
    dv->input_message = (char *)input;
    dv->error_title = (char *)"Isian tidak sah";
    dv->error_message = (char *)error;
    return worksheet_data_validation_range(ws, 1, col, TPLINPUT_ROWS, col, dv);
}

/* Excel's column letters for a 0-based column (A..Z, AA..). */
static void col_name(lxw_col_t col, char *out)
{
    if (col < 26) {
        out[0] = (char)('A' + col);
        out[1] = '\0';
    } else {
        out[0] = (char)('A' + col / 26 - 1);
        out[1] = (char)('A' + col % 26);
        out[2] = '\0';
    }
}

/* Decimal between 0 and max with at most two decimals: a custom rule, since Excel's decimal
 * rule cannot say "two decimals". */
static lxw_error validate_score(lxw_worksheet *ws, lxw_col_t col, dec_t max, const char *what)
{
    char c[4], maxs[32], formula[256], input[256], error[256];
    col_name(col, c);
    dec_format(max, '.', maxs, sizeof maxs);
    snprintf(formula, sizeof formula, "=AND(ISNUMBER(%s2),%s2>=0,%s2<=%s,ROUND(%s2,2)=%s2)", c, c,
             c, maxs, c, c);
    snprintf(input, sizeof input, "%s: angka 0 sampai %s, paling banyak dua desimal.", what, maxs);
    snprintf(error, sizeof error, "%s harus angka 0 sampai %s dengan paling banyak dua desimal.",
             what, maxs);
    lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA,
                              .value_formula = formula};
    return validate(ws, col, &dv, "Nilai", input, error);
}

static lxw_error validate_text(lxw_worksheet *ws, lxw_col_t col, unsigned max, const char *what)
{
    char input[160], error[160];
    snprintf(input, sizeof input, "%s, paling banyak %u karakter.", what, max);
    snprintf(error, sizeof error, "%s terlalu panjang (paling banyak %u karakter).", what, max);
    lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LENGTH,
                              .criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO,
                              .value_number = max};
    return validate(ws, col, &dv, "Teks", input, error);
}

static lxw_error write_data_sheet(xlsxbook *bk, lxw_worksheet *ws, const rubric *r, int tahun)
{
    /* The template's own header (the reader's column names) and greyed example rows. */
    lxw_workbook *wb = bk->wb;
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0x1F5C3F);
    format_set_font_color(head, LXW_COLOR_WHITE);
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format *example = workbook_add_format(wb);
    format_set_italic(example);
    format_set_font_color(example, 0x808080);
    lxw_format *example_num = workbook_add_format(wb);
    format_set_italic(example_num);
    format_set_font_color(example_num, 0x808080);
    format_set_num_format(example_num, "0.00");

    lxw_error e = LXW_NO_ERROR;
    lxw_col_t nilai_col = (lxw_col_t)(COL_FIRST_COMP + r->n_comp);
    lxw_col_t last_col = nilai_col + (rubric_has_gerbang(r) ? 1 : 0);
    for (lxw_col_t c = 0; c <= last_col && !e; c++) {
        char note[512];
        const char *name;
        if (c == COL_JENIS && offers_vertikal(r)) {
            name = fixed_cols[c];
            snprintf(note, sizeof note, "%s", JENIS_NOTE_VERTIKAL);
        } else if (c < COL_FIRST_COMP) {
            name = fixed_cols[c];
            snprintf(note, sizeof note, "%s", fixed_notes[c]);
        } else if (c > nilai_col) {
            name = GERBANG_COL;
            snprintf(note, sizeof note, "%s", GERBANG_NOTE);
        } else if (c < nilai_col) {
            const rubric_comp *rc = &r->comp[c - COL_FIRST_COMP];
            char w[32];
            name = rc->key;
            snprintf(note, sizeof note,
                     "Dimensi %s dalam poin, 0 sampai %s (bobotnya). Isi semua dimensi, atau "
                     "kosongkan semua dan isi nilai.",
                     rc->label, dec_format(rc->bobot, ',', w, sizeof w));
        } else if (r->dimensi[0] && r->n_comp == 0) {
            char w[32];
            name = "nilai";
            snprintf(note, sizeof note,
                     "Nilai akhir 0 sampai %s, dua desimal, wajib di setiap baris: bobot dimensi "
                     "metode ini tidak dipublikasikan, jadi nilai tidak dihitung dari dimensi.",
                     dec_format(r->nilai_maks, ',', w, sizeof w));
        } else {
            char w[32];
            name = "nilai";
            snprintf(note, sizeof note,
                     "Nilai akhir 0 sampai %s, dua desimal. Bila dimensi diisi, boleh kosong "
                     "(dihitung dari jumlah dimensi); bila diisi, nilai ini yang resmi.",
                     dec_format(r->nilai_maks, ',', w, sizeof w));
        }
        e = worksheet_write_string(ws, 0, c, name, head);
        if (!e)
            e = worksheet_write_comment(ws, 0, c, note);
        double width = xlsxbook_text_width(name) + 4;
        if (c == COL_INSTANSI || c == COL_SKPD)
            width = 30;
        else if (c == COL_PROVINSI || c > nilai_col)
            width = 22;
        if (!e)
            e = worksheet_set_column(ws, c, c, width, c >= COL_FIRST_COMP ? bk->num : NULL);
    }

    char tahun_cell[16];
    example_row rows[2];
    examples(r, tahun, tahun_cell, sizeof tahun_cell, rows);
    for (int k = 0; k < 2 && !e; k++) {
        lxw_row_t row = (lxw_row_t)(k + 1);
        for (lxw_col_t c = 0; c < COL_FIRST_COMP && !e; c++)
            if (rows[k].cells[c][0])
                e = worksheet_write_string(ws, row, c, rows[k].cells[c], example);
        for (int i = 0; i < r->n_comp && !e && rows[k].has_comp; i++)
            e = worksheet_write_number(ws, row, (lxw_col_t)(COL_FIRST_COMP + i),
                                       dec_to_double(rows[k].comp[i]), example_num);
        if (!e && rows[k].has_nilai)
            e = worksheet_write_number(ws, row, nilai_col, dec_to_double(rows[k].nilai),
                                       example_num);
        if (!e && last_col > nilai_col && rows[k].gerbang[0])
            e = worksheet_write_string(ws, row, last_col, rows[k].gerbang, example);
    }
    if (e)
        return e;

    int y0 = r->tahun_dari, y1 = r->tahun_sampai;
    if (tahun)
        y0 = y1 = tahun;
    char input[160], error[160];
    snprintf(input, sizeof input, "Tahun penilaian %d sampai %d (baris contoh diawali #).", y0, y1);
    snprintf(error, sizeof error, "Tahun harus bilangan bulat %d sampai %d.", y0, y1);
    lxw_data_validation dv_tahun = {.validate = LXW_VALIDATION_TYPE_INTEGER,
                                    .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                                    .minimum_number = y0,
                                    .maximum_number = y1};
    e = validate(ws, COL_TAHUN, &dv_tahun, "Tahun", input, error);
    if (!e)
        e = validate_text(ws, COL_PROVINSI, 100, "Nama provinsi");
    if (!e)
        e = validate_text(ws, COL_KODE, 20, "Kode wilayah");
    if (!e)
        e = validate_text(ws, COL_INSTANSI, 200, "Nama instansi");
    if (!e) {
        /* Daftar lists the jenis from row 2: kementerian (1) ... kota (5), vertikal (6). */
        char range[32];
        snprintf(range, sizeof range, "=Daftar!$A$2:$A$%d", (int)last_jenis(r) + 1);
        lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST_FORMULA,
                                  .value_formula = range};
        e = validate(ws, COL_JENIS, &dv, "Jenis", "Pilih jenis instansi dari daftar.",
                     offers_vertikal(r) ? "Jenis harus salah satu: kementerian, lembaga, provinsi, "
                                          "kabupaten, kota, vertikal."
                                        : "Jenis harus salah satu: kementerian, lembaga, provinsi, "
                                          "kabupaten, kota.");
    }
    if (!e)
        e = validate_text(ws, COL_SKPD, 200, "Nama unit / SKPD");
    for (int i = 0; i < r->n_comp && !e; i++) {
        char what[64];
        snprintf(what, sizeof what, "Dimensi %s", r->comp[i].key);
        e = validate_score(ws, (lxw_col_t)(COL_FIRST_COMP + i), r->comp[i].bobot, what);
    }
    if (!e)
        e = validate_score(ws, nilai_col, r->nilai_maks, "Nilai");
    if (!e && last_col > nilai_col) {
        static const char *const ya_tidak[] = {"ya", "tidak", NULL};
        lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST,
                                  .value_list = (char **)ya_tidak};
        e = validate(ws, last_col, &dv, "Tanpa Maladministrasi",
                     "ya, tidak, atau kosong bila belum diketahui (kosong untuk kantor vertikal).",
                     "Isi ya atau tidak, atau kosongkan.");
    }
    worksheet_freeze_panes(ws, 1, 0);
    xlsxbook_print_setup(ws, 0, 0);
    return e;
}

static lxw_error write_petunjuk(xlsxbook *bk, lxw_worksheet *ws, const rubric *r, int tahun)
{
    lxw_format *title = bk->title, *bold = bk->bold, *wrap = bk->wrap;

    char line[1024];
    lxw_row_t row = 0;
    lxw_error e = worksheet_set_column(ws, 0, 0, 110, wrap);
    if (offers_vertikal(r))
        snprintf(line, sizeof line, "Templat masukan %s tahun %d", r->nama, year_for(r, tahun));
    else
        snprintf(line, sizeof line, "Templat masukan penilaian kepatuhan tahun %d",
                 year_for(r, tahun));
    if (!e)
        e = worksheet_write_string(ws, row++, 0, line, title);
    snprintf(line, sizeof line, "Rubrik: %s (%s)", r->nama, r->id);
    if (!e)
        e = worksheet_write_string(ws, row++, 0, line, NULL);
    row++;

    /* A method without published weights takes nilai only; one with a gate and vertical
     * offices (Opini 2025-) says how to fill them in. Other methods' steps are unchanged. */
    char nilai_step[256], maks[32];
    snprintf(nilai_step, sizeof nilai_step,
             "2. Isi kolom nilai (0 sampai %s, dua desimal) di setiap baris: bobot dimensi "
             "metode ini tidak dipublikasikan, jadi nilai tidak dihitung dari dimensi.",
             dec_format(r->nilai_maks, ',', maks, sizeof maks));
    const char *step2 =
        r->dimensi[0] && r->n_comp == 0
            ? nilai_step
            : "2. Isi nilai dimensi dalam poin (bukan persen), atau kosongkan semua dimensi dan "
              "isi "
              "kolom nilai. Bila keduanya diisi, nilai adalah nilai resmi dan dimensi adalah "
              "rinciannya.";
    const char *step5 = rubric_has_gerbang(r)
                            ? "5. Kolom tanpa_maladministrasi: ya bila instansi menindaklanjuti "
                              "temuan dan produk pengawasan Ombudsman sepenuhnya, tidak bila "
                              "tidak, kosong bila belum diketahui; cukup di satu baris instansi."
                            : NULL;
    const char *step6 = offers_vertikal(r)
                            ? "6. Kantor vertikal (Polres, Kantor Pertanahan, Kantor Imigrasi, "
                              "Lapas, Rutan, Bapas): jenis vertikal, satu baris dengan kolom skpd "
                              "dan tanpa_maladministrasi kosong."
                            : NULL;
    const char *const steps[] = {
        "Cara mengisi",
        "1. Isi lembar Data, satu baris per unit layanan (SKPD). Untuk nilai resmi sebuah "
        "instansi (bila diumumkan), isi satu baris dengan kolom skpd kosong.",
        step2,
        "3. Dua baris pertama (kolom tahun diawali #) adalah contoh; program melewatinya. "
        "Hapus atau timpa.",
        "4. Jangan mengubah baris judul (baris 1): program mencocokkan kolom dari namanya.",
        step5,
        step6,
        "",
        "Menyimpan sebagai CSV",
        "Excel: File > Save As > pilih 'CSV UTF-8 (Comma delimited) (*.csv)'. Dengan pengaturan "
        "bahasa Indonesia Excel memakai titik koma (;) dan koma desimal: keduanya dibaca.",
        "LibreOffice Calc: File > Save As > 'Text CSV (.csv)' > Character set 'Unicode "
        "(UTF-8)', Field delimiter ',' atau ';'. Keduanya dibaca.",
        "Simpan hanya lembar Data. Lalu periksa: kepatuhan periksa berkas.csv",
        "",
        "Arti rentang nilai",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && !e; i++) {
        if (!steps[i])
            continue;
        int heading = i == 0 || !strcmp(steps[i], "Menyimpan sebagai CSV") ||
                      !strcmp(steps[i], "Arti rentang nilai");
        if (steps[i][0])
            e = worksheet_write_string(ws, row, 0, steps[i], heading ? bold : NULL);
        row++;
    }
    for (int b = 0; b < r->n_band && !e; b++) {
        const rubric_band *band = &r->band[b];
        char lo[32], hi[32];
        dec_format(band->min, ',', lo, sizeof lo);
        dec_format(b == 0 ? r->nilai_maks : r->band[b - 1].min - 1, ',', hi, sizeof hi);
        if (offers_vertikal(r)) {
            /* Both labels, and no zone: the method has none. */
            char op[RUBRIC_TEXT_MAX * 3];
            snprintf(line, sizeof line, "%s%s%s%s (unit dan kantor vertikal: %s): %s sampai %s",
                     band->kategori[0] ? "Kategori " : "", band->kategori,
                     band->kategori[0] ? " - " : "",
                     rubric_opini(r, band, RUBRIC_GERBANG_TIDAK, op, sizeof op),
                     band->predikat_unit, lo, hi);
        } else {
            snprintf(line, sizeof line, "%s%s%s%s: %s sampai %s, %s",
                     band->kategori[0] ? "Kategori " : "", band->kategori,
                     band->kategori[0] ? " - " : "", band->predikat, lo, hi,
                     band->zona ? rubric_zona_label(band->zona) : "tanpa zona");
        }
        e = worksheet_write_string(ws, row++, 0, line, NULL);
    }
    if (r->n_comp > 0 && !e) {
        row++;
        e = worksheet_write_string(ws, row++, 0, "Bobot dimensi (poin)", bold);
    }
    for (int i = 0; i < r->n_comp && !e; i++) {
        char w[32];
        snprintf(line, sizeof line, "%s (%s): 0 sampai %s", r->comp[i].label, r->comp[i].key,
                 dec_format(r->comp[i].bobot, ',', w, sizeof w));
        if (!e)
            e = worksheet_write_string(ws, row++, 0, line, NULL);
    }
    return e;
}

static lxw_error write_daftar(xlsxbook *bk, lxw_worksheet *ws, const rubric *r)
{
    lxw_error e = worksheet_write_string(ws, 0, 0, "jenis", bk->bold);
    for (int j = JENIS_KEMENTERIAN; j <= (int)last_jenis(r) && !e; j++)
        e = worksheet_write_string(ws, (lxw_row_t)j, 0, names_jenis_str((names_jenis)j), NULL);
    if (!e)
        e = worksheet_set_column(ws, 0, 0, 16, NULL);
    if (!e) {
        lxw_protection prot = {0};
        worksheet_protect(ws, NULL, &prot);
    }
    return e;
}

kp_status tplinput_write_xlsx(const rubric *r, int tahun, long long epoch, const char *path,
                              kp_error *err)
{
    char title[256];
    if (offers_vertikal(r))
        snprintf(title, sizeof title, "Templat masukan %s %d", r->nama, year_for(r, tahun));
    else
        snprintf(title, sizeof title, "Templat masukan penilaian kepatuhan %d", year_for(r, tahun));
    xlsxbook_props props = {.title = title,
                            .subject = "Templat masukan kepatuhan",
                            .author = XLSXBOOK_AUTHOR_DEFAULT,
                            .keywords = r->id,
                            .epoch = epoch};
    /* Written outside a run's output folder: a failed write must leave no half template. */
    xlsxbook_options opt = {.atomic = true};
    xlsxbook bk;
    if (xlsxbook_open(&bk, path, &props, &opt, err) != KP_OK)
        return KP_ERR_IO;
    lxw_worksheet *data = workbook_add_worksheet(bk.wb, "Data");
    lxw_worksheet *petunjuk = workbook_add_worksheet(bk.wb, "Petunjuk");
    lxw_worksheet *daftar = workbook_add_worksheet(bk.wb, "Daftar");
    lxw_error e = (data && petunjuk && daftar) ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (!e)
        e = write_data_sheet(&bk, data, r, tahun);
    if (!e)
        e = write_petunjuk(&bk, petunjuk, r, tahun);
    if (!e)
        e = write_daftar(&bk, daftar, r);
    xlsxbook_note(&bk, e);
    return xlsxbook_close(&bk, err);
}
