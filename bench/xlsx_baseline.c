/*
 * xlsx_baseline.c - what the recap workbook costs over libxlsxwriter itself.
 *
 * Builds a synthetic year in memory (N units, default 1,000,000, across 38 provinces and
 * about 600 instansi), times xlsx_write_rekap() on it, then times a bare libxlsxwriter loop
 * writing the same SKPD cells (same strings, numbers and one number format, constant-memory
 * mode) and prints both and their ratio. The model is built by hand so that only the
 * writers are measured.
 *
 * Usage: xlsx-baseline [UNITS] [OUTDIR]   (OUTDIR defaults to /tmp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "render/xlsx.h"

#define N_PROV 38
#define N_INST 600

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(agg_stats *st, const rubric *r, dec_t v, int band)
{
    if (st->n == 0 || v < st->min)
        st->min = v;
    if (st->n == 0 || v > st->max)
        st->max = v;
    st->n++;
    st->zona[r->band[band].zona]++;
    st->kategori[band]++;
}

static int cmp_nilai(const void *a, const void *b)
{
    const agg_instansi *x = *(const agg_instansi *const *)a, *y = *(const agg_instansi *const *)b;
    return (y->nilai > x->nilai) - (y->nilai < x->nilai);
}

/* The same cells as the workbook's SKPD sheet, with nothing else around them. */
static double baseline(const agg_year *y, const char *path)
{
    double t0 = now();
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "SKPD");
    lxw_format *num = workbook_add_format(wb);
    format_set_num_format(num, "0.00");
    const rubric *r = y->rubric;
    lxw_row_t row = 2;
    for (size_t i = 0; i < y->n_instansi; i++) {
        const agg_instansi *in = &y->instansi[i];
        for (size_t j = 0; j < in->n_units; j++) {
            const agg_unit *u = &in->units[j];
            lxw_col_t c = 0;
            worksheet_write_string(ws, row, c++, in->provinsi->nama, NULL);
            worksheet_write_string(ws, row, c++, in->nama, NULL);
            worksheet_write_string(ws, row, c++, in->kode, NULL);
            worksheet_write_string(ws, row, c++, names_jenis_str(in->jenis), NULL);
            worksheet_write_string(ws, row, c++, u->nama, NULL);
            for (int k = 0; k < r->n_comp; k++)
                worksheet_write_number(ws, row, c++, dec_to_double(u->comp[k]), num);
            worksheet_write_number(ws, row, c++, dec_to_double(u->nilai), num);
            worksheet_write_string(ws, row, c++, u->band->kategori, NULL);
            worksheet_write_string(ws, row, c++, u->band->predikat, NULL);
            worksheet_write_string(ws, row, c++, rubric_zona_name(u->band->zona), NULL);
            worksheet_write_number(ws, row, c++, u->peringkat, NULL);
            worksheet_write_number(ws, row, c++, (double)in->n_units, NULL);
            row++;
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR)
        return -1;
    return now() - t0;
}

int main(int argc, char **argv)
{
    size_t n_units = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    kp_error err;
    static rubric r;
    if (rubric_load(KP_SOURCE_DIR "/templates/rubrik/ombudsman-2022.ini", &r, &err) != KP_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    static agg_provinsi prov[N_PROV];
    static agg_instansi inst[N_INST];
    static const agg_instansi *ranked[N_INST], *by_prov[N_INST];
    static char prov_names[N_PROV][32], inst_names[N_INST][48], kode[N_INST][16];
    agg_unit *units = calloc(n_units, sizeof(*units));
    char *unit_names = malloc(n_units * 32);
    if (!units || !unit_names)
        return 1;
    agg_year y = {.tahun = 2023,
                  .rubric = &r,
                  .provinsi = prov,
                  .n_provinsi = N_PROV,
                  .instansi = inst,
                  .n_instansi = N_INST,
                  .ranked = ranked,
                  .n_units = n_units};
    srand(42);
    size_t u = 0, pi = 0;
    for (int p = 0; p < N_PROV; p++) {
        snprintf(prov_names[p], sizeof(prov_names[p]), "Provinsi Contoh %02d", p + 1);
        prov[p] = (agg_provinsi){.nama = prov_names[p],
                                 .key = prov_names[p],
                                 .slug = prov_names[p],
                                 .instansi = &by_prov[pi]};
        for (int i = p * N_INST / N_PROV; i < (p + 1) * N_INST / N_PROV; i++) {
            agg_instansi *in = &inst[i];
            snprintf(inst_names[i], sizeof(inst_names[i]), "Kabupaten Contoh Nomor %03d", i + 1);
            snprintf(kode[i], sizeof(kode[i]), "%02d.%02d", p + 11, i % 100);
            size_t end = (size_t)(i + 1) * n_units / N_INST;
            *in = (agg_instansi){.nama = inst_names[i],
                                 .nama_asli = inst_names[i],
                                 .nama_resmi = inst_names[i],
                                 .key = inst_names[i],
                                 .kode = kode[i],
                                 .jenis = JENIS_KABUPATEN,
                                 .provinsi = &prov[p],
                                 .units = &units[u],
                                 .n_units = end - u};
            dec_t sum = 0;
            for (int rank = 1; u < end; u++, rank++) {
                agg_unit *un = &units[u];
                char *name = unit_names + u * 32;
                snprintf(name, 32, "Unit Layanan %07zu", u + 1);
                un->nama = un->key = un->slug = name;
                un->instansi = in;
                un->comp_mask = 0xF;
                for (int k = 0; k < r.n_comp; k++) {
                    un->comp[k] = rand() % (r.comp[k].bobot + 1);
                    un->nilai += un->comp[k];
                }
                un->band = rubric_classify(&r, un->nilai);
                un->band_index = (int)(un->band - r.band);
                un->peringkat = rank;
                sum += un->nilai;
                add(&in->unit_stats, &r, un->nilai, un->band_index);
                add(&prov[p].unit_stats, &r, un->nilai, un->band_index);
                add(&y.nasional_units, &r, un->nilai, un->band_index);
            }
            in->ada_rerata = in->n_units > 0;
            in->nilai = in->rerata = in->n_units ? dec_mean(sum, (int64_t)in->n_units) : 0;
            in->band = rubric_classify(&r, in->nilai);
            in->band_index = (int)(in->band - r.band);
            add(&prov[p].instansi_stats, &r, in->nilai, in->band_index);
            add(&prov[p].per_jenis[JENIS_KABUPATEN], &r, in->nilai, in->band_index);
            add(&y.nasional, &r, in->nilai, in->band_index);
            add(&y.per_jenis[JENIS_KABUPATEN], &r, in->nilai, in->band_index);
            by_prov[pi++] = in;
            prov[p].n_instansi++;
            ranked[i] = in;
        }
        prov[p].nilai = prov[p].instansi_stats.min;
        prov[p].band = rubric_classify(&r, prov[p].nilai);
    }
    qsort(ranked, N_INST, sizeof(*ranked), cmp_nilai);
    agg_model m = {.years = &y, .n_years = 1};
    render_ctx ctx = {.model = &m, .year = &y, .out_dir = dir, .version = "bench", .epoch = 1};

    double t0 = now();
    if (xlsx_write_rekap(&ctx, NULL, &err) != KP_OK) {
        fprintf(stderr, "%s: %s\n", err.file, err.msg);
        return 1;
    }
    double t_book = now() - t0;
    char path[512];
    snprintf(path, sizeof(path), "%s/xlsx-baseline.xlsx", dir);
    double t_base = baseline(&y, path);
    if (t_base < 0) {
        fprintf(stderr, "%s: baseline failed\n", path);
        return 1;
    }
    printf("units %zu: workbook %.2f s, bare libxlsxwriter loop %.2f s, ratio %.2f\n", n_units,
           t_book, t_base, t_book / t_base);
    free(units);
    free(unit_names);
    return 0;
}
