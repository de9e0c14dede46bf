/*
 * xlsx_metodologi.c - the Metodologi sheet of the recap workbook (xlsx.h): the rubric, its
 * components and bands, how every score is derived, what the opinion method adds and what in
 * it is uncertain, the input files and the program's version. One writer per part of the sheet.
 */
#include "render/xlsx_rekap.h"

#include <stdio.h>
#include <string.h>

/* A label in bold and its text, wrapped in the wide second column. */
static void para(xlsxbook_sheet *s, const char *label, const char *text)
{
    xlsxbook_put_str(s, 0, label, s->bk->bold);
    xlsxbook_note(s->bk, worksheet_write_string(s->ws, s->row, 1, text, s->bk->wrap));
    /* Long sentences wrap in a wide column; rows grow to fit when opened. */
    xlsxbook_fit(s, 1, 24);
    s->row++;
}

/*
 * The latest earlier method of the run with the same band edges as r, or NULL: the edges of
 * a method that published none were inferred from it.
 */
static const rubric *edges_from(const render_ctx *ctx, const rubric *r)
{
    const rubric *hit = NULL;
    for (size_t i = 0; ctx->model && i < ctx->model->n_years; i++) {
        const agg_year *y = &ctx->model->years[i];
        const rubric *o = y->rubric;
        if (!o || y->tahun >= ctx->year->tahun || !strcmp(o->id, r->id) || o->n_band != r->n_band)
            continue;
        bool same = true;
        for (int b = 0; b < r->n_band && same; b++)
            same = o->band[b].min == r->band[b].min;
        if (same)
            hit = o;
    }
    return hit;
}

/* What the opinion method adds to the method, and what in it is not certain (Opini 2025-). */
static void metodologi_opini(xlsxbook_sheet *s, const render_ctx *ctx, const rubric *r)
{
    char buf[1400], a[24], b2[24], op[RUBRIC_TEXT_MAX * 3], op2[RUBRIC_TEXT_MAX * 3];
    const rubric_band *top = &r->band[0], *low = &r->band[r->n_band - 1];
    xlsxbook_section(s, "Opini, gerbang, pembinaan dan kantor vertikal");
    snprintf(buf, sizeof(buf),
             "Setiap instansi (kementerian, lembaga, pemerintah daerah) mendapat opini menurut "
             "rentang nilainya: \"%s\" diikuti predikat instansi pada tabel rentang di bawah, "
             "mis. \"%s\". Unit layanan mendapat predikatnya sendiri (kolom predikat unit), "
             "mis. \"%s\".",
             r->opini,
             rubric_opini(r, &r->band[r->n_band > 1 ? 1 : 0], RUBRIC_GERBANG_TIDAK, op, sizeof op),
             r->band[r->n_band > 1 ? 1 : 0].predikat_unit);
    para(s, "Opini", buf);
    if (rubric_has_gerbang(r)) {
        snprintf(buf, sizeof(buf),
                 "Akhiran \"%s\" ditambahkan pada opini instansi yang menindaklanjuti temuan dan "
                 "produk pengawasan Ombudsman sepenuhnya (kolom tanpa_maladministrasi = ya), "
                 "mis. \"%s\". Ini gerbang, bukan bobot: nilai tidak berubah, dan tanpanya opini "
                 "tetap tanpa akhiran (\"%s\"). Bila data masukan tidak menyebutnya, opini ditulis "
                 "tanpa akhiran dan kolom %s berisi \xE2\x80\x93.",
                 r->gerbang, rubric_opini(r, top, RUBRIC_GERBANG_YA, op, sizeof op),
                 rubric_opini(r, top, RUBRIC_GERBANG_TIDAK, op2, sizeof op2), r->gerbang);
        para(s, r->gerbang, buf);
    }
    if (r->ada_pembinaan) {
        dec_format(r->pembinaan_di_bawah, ',', a, sizeof a);
        dec_format(r->pembinaan_di_bawah - 1, ',', b2, sizeof b2);
        snprintf(buf, sizeof(buf),
                 "Unit layanan dengan nilai 0,00 sampai %s mendapat pembinaan (kolom Pembinaan "
                 "pada lembar SKPD); unit dari %s mendapat apresiasi.",
                 b2, a);
        para(s, "Pembinaan", buf);
    }
    snprintf(buf, sizeof(buf),
             "Kantor vertikal (jenis vertikal: Polres, Kantor Pertanahan, Kantor Imigrasi, Lapas, "
             "Rutan, Bapas) dinilai sebagai lokus sendiri tanpa unit layanan dan mendapat "
             "predikat kualitas pelayanan (%s, %s, ...), bukan opini. Mereka ada di lembar %s, "
             "tidak dihitung dalam jumlah, rerata dan sebaran instansi, dan diperingkat di "
             "antara kantor vertikal, secara nasional dan dalam provinsinya.",
             top->predikat_unit, r->band[r->n_band > 1 ? 1 : 0].predikat_unit,
             names_jenis_label(JENIS_VERTIKAL));
    para(s, "Kantor vertikal", buf);
    s->row++;

    xlsxbook_section(s, "Yang tidak pasti dalam metode ini");
    const rubric *from = edges_from(ctx, r);
    char asal[RUBRIC_TEXT_MAX + 64] = "";
    if (from)
        snprintf(asal, sizeof asal, " (%s, dengan batas yang sama)", from->nama);
    snprintf(buf, sizeof(buf),
             "Tabel batas rentang nilai metode ini tidak ditemukan dalam terbitan resmi. Batas "
             "pada tabel rentang disimpulkan dari metode sebelumnya%s, karena setiap nilai yang "
             "diumumkan cocok dengannya; bila tabel resmi terbit, ubah berkas rubrik %s.",
             asal, r->id);
    para(s, "Batas rentang", buf);
    snprintf(buf, sizeof(buf),
             "Kategori %s (%s; unit dan kantor vertikal: %s) belum terlihat dalam hasil yang "
             "diumumkan: kedua predikatnya tebakan.",
             low->kategori[0] ? low->kategori : "terendah",
             rubric_opini(r, low, RUBRIC_GERBANG_TIDAK, op, sizeof op), low->predikat_unit);
    para(s, "Predikat terendah", buf);
    if (r->dimensi[0]) {
        snprintf(buf, sizeof(buf),
                 "Dimensi (%s) dinilai, tetapi bobotnya tidak dipublikasikan: program tidak "
                 "menghitung nilai dari dimensi. Nilai unit dan instansi diambil apa adanya dari "
                 "data masukan (kolom nilai); kolom dimensi diabaikan.",
                 r->dimensi);
        para(s, "Bobot dimensi", buf);
    }
    s->row++;
}

/* Metodologi, "Metode penilaian (rubrik)": the rubric's name, file, years, scale, source. */
static void metodologi_rubrik(xlsxbook_sheet *s, const rubric *r)
{
    char buf[1024], a[24];
    xlsxbook_section(s, "Metode penilaian (rubrik)");
    para(s, "Nama", r->nama);
    para(s, "Berkas rubrik", r->id);
    snprintf(buf, sizeof(buf), "%d sampai %d", r->tahun_dari, r->tahun_sampai);
    para(s, "Berlaku untuk tahun", buf);
    snprintf(buf, sizeof(buf), "0,00 sampai %s", dec_format(r->nilai_maks, ',', a, 24));
    para(s, "Skala nilai", buf);
    para(s, "Sumber", r->sumber);
    s->row++;
}

/* Metodologi, "Komponen dan bobot": the rubric's components, when it has any. */
static void metodologi_komponen(xlsxbook_sheet *s, const rubric *r)
{
    if (!r->n_comp)
        return;
    xlsxbook_section(s, "Komponen dan bobot");
    static const char *const h[] = {"Komponen", "Kolom masukan", "Isi", "Bobot (poin)"};
    xlsxbook_put_header(s, h, 4);
    for (int k = 0; k < r->n_comp; k++) {
        xlsxbook_put_str(s, 0, r->comp[k].label, NULL);
        xlsxbook_put_str(s, 1, r->comp[k].key, NULL);
        xlsxbook_put_str(s, 2, r->comp[k].detail, NULL);
        xlsxbook_put_dec(s, 3, r->comp[k].bobot);
        s->row++;
    }
    s->row++;
}

/* Metodologi, the table of bands: ranges with their categories, labels and zones. */
static void metodologi_rentang(xlsxbook_sheet *s, const rubric *r)
{
    bool zona = r->ada_zona, opini = r->opini[0] != '\0';
    lxw_row_t b1;
    if (zona) {
        xlsxbook_section(s, "Rentang nilai, kategori, predikat dan zona");
        static const char *const bh[] = {"Kategori", "Predikat", "Zona", "Nilai dari",
                                         "Nilai sampai"};
        xlsxbook_put_header(s, bh, 5);
        b1 = s->row;
        for (int i = 0; i < r->n_band; i++) {
            xlsxbook_put_str(s, 0, r->band[i].kategori, NULL);
            xlsxbook_put_str(s, 1, r->band[i].predikat, NULL);
            xlsxbook_put_str(s, 2, rubric_zona_name(r->band[i].zona), NULL);
            xlsxbook_put_dec(s, 3, r->band[i].min);
            xlsxbook_put_dec(s, 4, i == 0 ? r->nilai_maks : r->band[i - 1].min - 1);
            s->row++;
        }
        if (r->n_band)
            xlsx_cond_zona(s, b1, s->row - 1, 2);
    } else {
        /* Both labels of a band: the instansi's opinion and the unit's predicate. */
        static const char *const bh_op[] = {"Kategori", "Opini (instansi)",
                                            "Predikat unit dan kantor vertikal", "Nilai dari",
                                            "Nilai sampai"};
        static const char *const bh[] = {"Kategori", "Predikat", "Nilai dari", "Nilai sampai"};
        xlsxbook_section(s, opini ? "Rentang nilai, kategori, opini dan predikat"
                                  : "Rentang nilai, kategori dan predikat");
        xlsxbook_put_header(s, opini ? bh_op : bh, opini ? 5 : 4);
        b1 = s->row;
        char op[RUBRIC_TEXT_MAX * 3];
        for (int i = 0; i < r->n_band; i++) {
            int c = 0;
            xlsxbook_put_str(s, c++, r->band[i].kategori, NULL);
            if (opini) {
                xlsxbook_put_str(s, c++,
                                 rubric_opini(r, &r->band[i], RUBRIC_GERBANG_TIDAK, op, sizeof op),
                                 NULL);
                xlsxbook_put_str(s, c++, r->band[i].predikat_unit, NULL);
            } else {
                xlsxbook_put_str(s, c++, r->band[i].predikat, NULL);
            }
            xlsxbook_put_dec(s, c++, r->band[i].min);
            xlsxbook_put_dec(s, c, i == 0 ? r->nilai_maks : r->band[i - 1].min - 1);
            s->row++;
        }
        if (r->n_band)
            xlsx_cond_kategori(s, b1, s->row - 1, 0, r);
    }
    s->row++;
}

/* Metodologi, "Cara menghitung": how units, instansi, provinces, bands, ranks and the
 * comparison are computed. */
static void metodologi_hitung(xlsxbook_sheet *s, const rubric *r)
{
    bool zona = r->ada_zona, opini = r->opini[0] != '\0';
    char buf[1024];
    xlsxbook_section(s, "Cara menghitung");
    snprintf(buf, sizeof(buf),
             "Semua nilai dihitung tepat dalam perseratus (bilangan bulat), tanpa pembulatan "
             "antara. Pembulatan hanya setengah ke atas ke dua desimal pada titik yang disebut "
             "di bawah. Nilai masukan memakai paling banyak %d desimal.",
             r->desimal);
    para(s, "Pembulatan", buf);
    if (r->n_comp || !r->dimensi[0])
        para(s, "Unit layanan (SKPD)",
             "Nilai unit adalah nilai resminya bila data masukan memuatnya; bila tidak, jumlah "
             "nilai komponennya dalam poin. Komponen yang diberikan dalam persen diubah ke poin: "
             "persen dikali bobot, dibulatkan setengah ke atas ke dua desimal.");
    else
        para(s, "Unit layanan (SKPD)",
             "Nilai unit adalah nilai resminya dalam data masukan: bobot dimensi metode ini "
             "tidak dipublikasikan, jadi nilai tidak dihitung dari dimensi.");
    para(s, "Instansi",
         "Nilai instansi adalah nilai resminya bila data masukan memuat baris instansi itu "
         "sendiri (kolom SKPD kosong); bila tidak, rerata nilai unit layanannya, dibulatkan "
         "setengah ke atas ke dua desimal. Kolom Rerata SKPD selalu menunjukkan rerata unit.");
    if (opini)
        para(s, "Provinsi",
             "Nilai provinsi adalah rerata nilai pemerintah daerah di wilayahnya (pemerintah "
             "provinsi, kabupaten dan kota), dibulatkan setengah ke atas ke dua desimal; kantor "
             "vertikal tidak dihitung, dan wilayah yang hanya memuat kantor vertikal tidak "
             "berbaris di lembar Provinsi. Kelompok Pusat memuat kementerian dan lembaga.");
    else
        para(s, "Provinsi",
             "Nilai provinsi adalah rerata nilai instansi di wilayahnya (pemerintah provinsi, "
             "kabupaten dan kota), dibulatkan setengah ke atas ke dua desimal. Kelompok Pusat "
             "memuat kementerian dan lembaga.");
    if (zona)
        para(s, "Kategori dan zona",
             "Kategori, predikat dan zona ditentukan dari nilai yang sudah dibulatkan menurut "
             "tabel rentang di atas; nilai yang sama dengan batas bawah masuk rentang itu.");
    else
        para(s, opini ? "Kategori, opini dan predikat" : "Kategori dan predikat",
             opini ? "Kategori, opini dan predikat ditentukan dari nilai yang sudah dibulatkan "
                     "menurut tabel rentang di atas; nilai yang sama dengan batas bawah masuk "
                     "rentang itu."
                   : "Kategori dan predikat ditentukan dari nilai yang sudah dibulatkan menurut "
                     "tabel rentang di atas; nilai yang sama dengan batas bawah masuk rentang "
                     "itu.");
    if (opini)
        para(s, "Peringkat",
             "Peringkat kompetisi standar (1, 2, 2, 4): peringkat nasional di antara instansi "
             "berjenis sama, peringkat provinsi di antara kabupaten dan kota dalam satu "
             "provinsi, peringkat unit di dalam instansinya; kantor vertikal diperingkat di "
             "antara kantor vertikal, secara nasional dan dalam provinsinya.");
    else
        para(s, "Peringkat",
             "Peringkat kompetisi standar (1, 2, 2, 4): peringkat nasional di antara instansi "
             "berjenis sama, peringkat provinsi di antara kabupaten dan kota dalam satu provinsi, "
             "peringkat unit di dalam instansinya.");
    if (zona)
        para(s, "Perbandingan",
             "Instansi dicocokkan dengan kode wilayah bila kedua tahun memilikinya, selain itu "
             "dengan nama baku dan berkas alias. Selisih = nilai tahun ini dikurangi nilai tahun "
             "lalu, tepat. Bila metode berubah, zona tetap dibandingkan tetapi kategori tidak.");
    else
        para(s, "Perbandingan",
             "Instansi dicocokkan dengan kode wilayah bila kedua tahun memilikinya, selain itu "
             "dengan nama baku dan berkas alias. Selisih = nilai tahun ini dikurangi nilai tahun "
             "lalu, tepat. Perubahan dinilai menurut urutan kategori (A di atas B, dan "
             "seterusnya) bila kedua tahun memakai huruf kategori yang sama, juga bila metodenya "
             "berubah; selain itu menurut nilai.");
    s->row++;
}

/* Metodologi, "Berkas masukan": every input file with its rows and SHA-256. */
static void metodologi_berkas(xlsxbook_sheet *s, const render_ctx *ctx)
{
    xlsxbook_section(s, "Berkas masukan");
    static const char *const fh[] = {"Berkas", "Baris", "SHA-256"};
    xlsxbook_put_header(s, fh, 3);
    for (size_t i = 0; i < ctx->model->n_sources; i++) {
        const agg_source *src = &ctx->model->sources[i];
        const char *base = strrchr(src->path, '/');
        xlsxbook_put_str(s, 0, base ? base + 1 : src->path, NULL);
        xlsxbook_put_int(s, 1, (long long)src->rows);
        xlsxbook_put_str(s, 2, src->sha256, NULL);
        s->row++;
    }
    s->row++;
}

void xlsx_metodologi_write(xlsxbook *bk, const render_ctx *ctx)
{
    const rubric *r = ctx->year->rubric;
    xlsxbook_sheet sh, *s = &sh;
    if (!xlsxbook_sheet_open(bk, s, "Metodologi"))
        return;
    xlsxbook_note(
        bk, worksheet_write_string(s->ws, s->row++, 0, "Metodologi dan sumber data", bk->title));
    s->row++;
    metodologi_rubrik(s, r);
    metodologi_komponen(s, r);
    if (r->opini[0])
        metodologi_opini(s, ctx, r);
    metodologi_rentang(s, r);
    metodologi_hitung(s, r);
    metodologi_berkas(s, ctx);
    para(s, "Versi program", ctx->version ? ctx->version : "");
    s->width[1] = s->width[1] > 70 ? s->width[1] : 70;
    if (s->width[0] > 30)
        s->width[0] = 30;
    xlsxbook_sheet_widths(s);
    xlsxbook_print_setup(s->ws, 0, 0);
}
