#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/similar.h"

enum {
    OPT_TAHUN = 256,
    OPT_PEMBANDING,
    OPT_RUBRIK,
    OPT_TEMPLAT,
    OPT_PIAGAM,
    OPT_PIAGAM_TINGKAT,
    OPT_PIAGAM_GABUNG,
    OPT_RAPOR,
    OPT_TANPA_RAPOR,
    OPT_RAPOR_SKPD,
    OPT_SURAT,
    OPT_SURAT_GABUNG,
    OPT_TANPA_RINGKASAN,
    OPT_RINGKASAN_INSTANSI,
    OPT_PER_PROVINSI,
    OPT_PROVINSI,
    OPT_PEMISAH,
    OPT_LEMBAR,
    OPT_MAKS_KESALAHAN,
    OPT_CSV,
    OPT_WAKTU,
    OPT_TUNGGU,
    OPT_KUNCI,
    OPT_DATA,
};

static const struct option long_opts[] = {
    {"out", required_argument, NULL, 'o'},
    {"tahun", required_argument, NULL, OPT_TAHUN},
    {"pembanding", required_argument, NULL, OPT_PEMBANDING},
    {"rubrik", required_argument, NULL, OPT_RUBRIK},
    {"templat", required_argument, NULL, OPT_TEMPLAT},
    {"piagam", required_argument, NULL, OPT_PIAGAM},
    {"piagam-tingkat", required_argument, NULL, OPT_PIAGAM_TINGKAT},
    {"piagam-gabung", no_argument, NULL, OPT_PIAGAM_GABUNG},
    {"rapor", no_argument, NULL, OPT_RAPOR},
    {"tanpa-rapor", no_argument, NULL, OPT_TANPA_RAPOR},
    {"rapor-skpd", no_argument, NULL, OPT_RAPOR_SKPD},
    {"surat", required_argument, NULL, OPT_SURAT},
    {"surat-gabung", no_argument, NULL, OPT_SURAT_GABUNG},
    {"tanpa-ringkasan", no_argument, NULL, OPT_TANPA_RINGKASAN},
    {"ringkasan-instansi", no_argument, NULL, OPT_RINGKASAN_INSTANSI},
    {"per-provinsi", no_argument, NULL, OPT_PER_PROVINSI},
    {"jobs", required_argument, NULL, 'j'},
    {"provinsi", required_argument, NULL, OPT_PROVINSI},
    {"pemisah", required_argument, NULL, OPT_PEMISAH},
    {"lembar", required_argument, NULL, OPT_LEMBAR},
    {"maks-kesalahan", required_argument, NULL, OPT_MAKS_KESALAHAN},
    {"csv", no_argument, NULL, OPT_CSV},
    {"waktu", no_argument, NULL, OPT_WAKTU},
    {"tunggu", no_argument, NULL, OPT_TUNGGU},
    {"kunci", required_argument, NULL, OPT_KUNCI},
    {"data", required_argument, NULL, OPT_DATA},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Two pieces because C11 promises string literals only up to 4095 characters. */
static const char help_commands[] =
    "Pemakaian: kepatuhan [OPSI] BERKAS.csv...\n"
    "           kepatuhan periksa BERKAS.csv...\n"
    "           kepatuhan rubrik [TAHUN]\n"
    "           kepatuhan templat-input [--tahun TAHUN] [--rubrik BERKAS] [--csv] KELUARAN\n"
    "           kepatuhan kunci-baru BERKAS\n"
    "           kepatuhan verifikasi KODE --kunci BERKAS --data FOLDER-TAHUN\n"
    "           kepatuhan verifikasi DOKUMEN.pdf --data FOLDER-TAHUN\n"
    "\n"
    "Mengolah hasil Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik (Ombudsman RI)\n"
    "menjadi rekap Excel, piagam penghargaan, rapor dan surat penyampaian hasil (PDF), serta\n"
    "data CSV, per tahun di dalam folder keluaran.\n"
    "\n"
    "Perintah:\n"
    "  (tanpa perintah)   jalankan seluruh proses pada BERKAS.csv\n"
    "  periksa            hanya memeriksa berkas masukan dan meringkasnya\n"
    "  rubrik [TAHUN]     tampilkan rubrik (bobot, rentang nilai) yang berlaku\n"
    "  templat-input      tulis templat masukan (.xlsx, atau .csv dengan --csv)\n"
    "  kunci-baru BERKAS  buat kunci penerbit untuk kode verifikasi\n"
    "  verifikasi         periksa keaslian kode atau PDF (FOLDER-TAHUN: mis. out/2023)\n"
    "\n";

static const char help_options[] =
    "Opsi:\n"
    "  -o, --out FOLDER        folder keluaran (bawaan: out)\n"
    "      --tahun T[,T...]    tahun yang dibuatkan dokumen (bawaan: semua tahun masukan)\n"
    "      --pembanding TAHUN  tahun pembanding (bawaan: tahun sebelumnya bila ada)\n"
    "      --rubrik BERKAS     pakai rubrik ini untuk semua tahun\n"
    "      --templat FOLDER    folder templat (bawaan: $KEPATUHAN_TEMPLAT, lalu terpasang)\n"
    "      --piagam PILIHAN    penerima piagam (dan surat): kategori seperti A,B, zona\n"
    "                          (hijau) bila semua tahun berzona, tm (hanya yang Tanpa\n"
    "                          Maladministrasi, boleh digabung: A,B,tm), semua, atau tidak;\n"
    "                          bawaan: piagam_bawaan rubrik tahunnya (2025: A,B; s.d. 2024:\n"
    "                          hijau)\n"
    "      --piagam-tingkat T  instansi (bawaan), skpd, atau semua\n"
    "      --piagam-gabung     juga satu PDF berisi semua piagam, urut peringkat\n"
    "      --tanpa-rapor       jangan buat rapor (bawaan: rapor tiap instansi)\n"
    "      --rapor-skpd        juga rapor untuk tiap SKPD\n"
    "      --surat PILIHAN     surat penyampaian: piagam (bawaan: penerima piagam), semua,\n"
    "                          tidak\n"
    "      --surat-gabung      juga satu PDF berisi semua surat\n"
    "      --tanpa-ringkasan   jangan buat Ringkasan Eksekutif (bawaan: nasional dan per\n"
    "                          provinsi, di <tahun>/ringkasan/)\n"
    "      --ringkasan-instansi  juga Ringkasan Eksekutif tiap pemerintah daerah yang\n"
    "                          memiliki unit layanan (untuk Bagian Organisasinya)\n"
    "      --per-provinsi      juga satu rekap per provinsi\n"
    "  -j, --jobs N            jumlah thread untuk dokumen PDF (bawaan: jumlah inti); data\n"
    "                          dan rekap ditulis pada thread tersendiri di sampingnya\n"
    "      --provinsi NAMA     buat dokumen untuk satu provinsi saja (sebuah shard)\n"
    "      --pemisah C         pemisah kolom: , ; atau t (tab) (bawaan: dikenali sendiri)\n"
    "      --lembar NAMA       lembar buku kerja .xlsx yang dibaca (bawaan: lembar terlihat\n"
    "                          pertama yang baris pertamanya baris judul)\n"
    "      --maks-kesalahan N  paling banyak N kesalahan ditampilkan (bawaan: 50)\n"
    "      --waktu             tampilkan lama tiap tahap (untuk pengukuran)\n"
    "      --tunggu            bila run lain sedang menulis ke folder keluaran yang sama,\n"
    "                          tunggu sampai selesai (bawaan: berhenti dengan kode 3)\n"
    "      --kunci BERKAS      kunci penerbit: kode verifikasi dan QR di tiap dokumen\n"
    "                          (bawaan: $KEPATUHAN_KUNCI)\n"
    "  -q, --quiet             hanya tampilkan kesalahan\n"
    "  -h, --help              tampilkan bantuan ini\n"
    "  -V, --version           tampilkan versi\n"
    "\n"
    "Contoh:\n"
    "  kepatuhan periksa hasil-2023.csv\n"
    "  kepatuhan periksa --lembar Data hasil-2025.xlsx\n"
    "  kepatuhan --out hasil hasil-2022.csv hasil-2023.csv\n"
    "  kepatuhan --tahun 2023 --piagam A,B --piagam-gabung hasil-*.csv\n"
    "  kepatuhan --provinsi \"Kalimantan Selatan\" --per-provinsi nasional-2023.csv\n"
    "  kepatuhan rubrik 2023\n"
    "  kepatuhan templat-input --tahun 2024 templat-2024.xlsx\n"
    "\n"
    "Kode keluar: 0 berhasil; 1 salah pemakaian; 2 kesalahan data (masukan, rubrik, templat);\n"
    "3 kesalahan keluaran atau sistem (folder tidak dapat ditulisi, disk penuh, memori);\n"
    "4 (verifikasi) kode atau berkas tidak asli; 70 kesalahan internal (mohon dilaporkan).\n";

const char *const *cli_help_text(void)
{
    static const char *const pieces[] = {help_commands, help_options, NULL};
    return pieces;
}

static cli_parse_status usage(char *msg, size_t cap, const char *fmt, const char *a, const char *b)
{
    snprintf(msg, cap, fmt, a, b);
    return CLI_USAGE_ERROR;
}

static int parse_int(const char *s, long lo, long hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_years(const char *s, cli_options *o)
{
    char buf[512];
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int y;
        if (o->n_tahun >= CLI_MAX_YEARS || parse_int(tok, 1900, 2200, &y) != 0)
            return -1;
        o->tahun[o->n_tahun++] = y;
    }
    return o->n_tahun ? 0 : -1;
}

/* semua, hijau, tidak, or a list of category letters/codes such as "A,B". */
static const char *option_names[] = {
    "--out",
    "--tahun",
    "--pembanding",
    "--rubrik",
    "--templat",
    "--piagam",
    "--piagam-tingkat",
    "--piagam-gabung",
    "--rapor",
    "--tanpa-rapor",
    "--rapor-skpd",
    "--surat",
    "--surat-gabung",
    "--per-provinsi",
    "--jobs",
    "--provinsi",
    "--pemisah",
    "--maks-kesalahan",
    "--csv",
    "--quiet",
    "--help",
    "--version",
    "--waktu",
    "--tunggu",
    "--lembar",
    "--tanpa-ringkasan",
    "--ringkasan-instansi",
    "--kunci",
    "--data",
};

static cli_parse_status unknown_option(const char *arg, char *msg, size_t cap)
{
    char name[64];
    snprintf(name, sizeof name, "%s", arg);
    char *eq = strchr(name, '=');
    if (eq)
        *eq = '\0';
    const char *hint =
        similar_best(name, option_names, sizeof option_names / sizeof option_names[0], 3);
    if (hint)
        return usage(msg, cap, "opsi tidak dikenal '%s'; maksud Anda '%s'?", name, hint);
    return usage(msg, cap, "opsi tidak dikenal '%s'%s", name, "");
}

/* The options' values before any option is read. */
static void set_defaults(cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->out_dir = "out";
    o->piagam = NULL;
    o->piagam_tingkat = "instansi";
    o->rapor = true;
    o->surat = "piagam";
    o->ringkasan = true;
    o->max_errors = 50;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1;
}

/* Applies option c (getopt_long's return) with its value arg; CLI_OK to go on. */
static cli_parse_status apply_option(int c, const char *arg, char **argv, cli_options *o, char *msg,
                                     size_t cap)
{
    switch (c) {
    case 'o':
        o->out_dir = arg;
        break;
    case OPT_TAHUN:
        o->n_tahun = 0;
        if (parse_years(arg, o) != 0)
            return usage(msg, cap, "nilai --tahun tidak sah: '%s' (contoh: 2023 atau 2022,2023)%s",
                         arg, "");
        break;
    case OPT_PEMBANDING:
        if (parse_int(arg, 1900, 2200, &o->pembanding) != 0)
            return usage(msg, cap, "nilai --pembanding tidak sah: '%s' (contoh: 2022)%s", arg, "");
        break;
    case OPT_RUBRIK:
        o->rubrik = arg;
        break;
    case OPT_TEMPLAT:
        o->templat = arg;
        break;
    case OPT_PIAGAM:
        /* Checked against the rubrics of the years rendered, once they are known. */
        o->piagam = arg;
        break;
    case OPT_PIAGAM_TINGKAT:
        if (strcmp(arg, "instansi") && strcmp(arg, "skpd") && strcmp(arg, "semua"))
            return usage(msg, cap,
                         "nilai --piagam-tingkat tidak sah: '%s' (pilih instansi, skpd atau "
                         "semua)%s",
                         arg, "");
        o->piagam_tingkat = arg;
        break;
    case OPT_PIAGAM_GABUNG:
        o->piagam_gabung = true;
        break;
    case OPT_RAPOR:
        o->rapor = true;
        break;
    case OPT_TANPA_RAPOR:
        o->rapor = false;
        break;
    case OPT_RAPOR_SKPD:
        o->rapor_skpd = true;
        break;
    case OPT_SURAT:
        if (strcmp(arg, "piagam") && strcmp(arg, "semua") && strcmp(arg, "tidak"))
            return usage(msg, cap,
                         "nilai --surat tidak sah: '%s' (pilih piagam, semua atau tidak)%s", arg,
                         "");
        o->surat = arg;
        break;
    case OPT_SURAT_GABUNG:
        o->surat_gabung = true;
        break;
    case OPT_TANPA_RINGKASAN:
        o->ringkasan = false;
        break;
    case OPT_RINGKASAN_INSTANSI:
        o->ringkasan_instansi = true;
        break;
    case OPT_PER_PROVINSI:
        o->per_provinsi = true;
        break;
    case 'j':
        if (parse_int(arg, 1, 256, &o->jobs) != 0)
            return usage(msg, cap, "nilai --jobs tidak sah: '%s' (bilangan 1 sampai 256)%s", arg,
                         "");
        break;
    case OPT_PROVINSI:
        o->provinsi = arg;
        break;
    case OPT_LEMBAR:
        if (!arg[0])
            return usage(msg, cap, "nilai --lembar kosong: tulis nama lembar%s%s", "", "");
        o->lembar = arg;
        break;
    case OPT_PEMISAH:
        if (!strcmp(arg, ",") || !strcmp(arg, ";"))
            o->separator = arg[0];
        else if (!strcmp(arg, "t") || !strcmp(arg, "tab") || !strcmp(arg, "\t"))
            o->separator = '\t';
        else
            return usage(msg, cap, "nilai --pemisah tidak sah: '%s' (pilih , ; atau t)%s", arg, "");
        break;
    case OPT_MAKS_KESALAHAN: {
        int n;
        if (parse_int(arg, 1, 1000000, &n) != 0)
            return usage(msg, cap, "nilai --maks-kesalahan tidak sah: '%s'%s", arg, "");
        o->max_errors = (size_t)n;
        return CLI_OK;
    }
    case OPT_CSV:
        o->csv = true;
        break;
    case OPT_WAKTU:
        o->waktu = true;
        break;
    case OPT_TUNGGU:
        o->tunggu = true;
        break;
    case OPT_KUNCI:
        if (!arg[0])
            return usage(msg, cap, "nilai --kunci kosong: tulis berkas kunci%s%s", "", "");
        o->kunci = arg;
        break;
    case OPT_DATA:
        o->data = arg;
        break;
    case 'q':
        o->quiet = true;
        break;
    case 'h':
        return CLI_HELP;
    case 'V':
        return CLI_VERSION;
    case ':':
        return usage(msg, cap, "opsi '%s' memerlukan nilai%s", argv[optind - 1], "");
    default:
        if (optopt && optopt < 256) {
            char shortopt[3] = {'-', (char)optopt, '\0'};
            return usage(msg, cap, "opsi tidak dikenal '%s'%s", shortopt, "");
        }
        return unknown_option(argv[optind - 1], msg, cap);
    }
    return CLI_OK;
}

/* getopt_long moves positional arguments to the end in order, so the subcommand is the
 * first of them wherever the user put options ("kepatuhan --quiet periksa x.csv"). */
static void take_command(cli_options *o)
{
    if (o->n_files > 0) {
        static const struct {
            const char *word;
            cli_command cmd;
        } cmds[] = {{"periksa", CLI_CMD_PERIKSA},
                    {"rubrik", CLI_CMD_RUBRIK},
                    {"templat-input", CLI_CMD_TEMPLAT_INPUT},
                    {"kunci-baru", CLI_CMD_KUNCI_BARU},
                    {"verifikasi", CLI_CMD_VERIFIKASI}};
        for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
            if (strcmp(o->files[0], cmds[i].word) == 0) {
                o->command = cmds[i].cmd;
                o->files++;
                o->n_files--;
                break;
            }
        }
    }
}

/* The positional arguments each command needs. */
static cli_parse_status check_command(cli_options *o, char *msg, size_t cap)
{
    switch (o->command) {
    case CLI_CMD_KUNCI_BARU:
        if (o->n_files != 1)
            return usage(msg, cap, "kunci-baru memerlukan tepat satu BERKAS%s%s", "", "");
        break;
    case CLI_CMD_VERIFIKASI:
        if (o->n_files != 1)
            return usage(msg, cap,
                         "verifikasi memerlukan tepat satu KODE atau BERKAS.pdf (contoh: "
                         "kepatuhan verifikasi 7K2M-9QXA-... --kunci kunci --data out/2023)%s%s",
                         "", "");
        if (!o->data)
            return usage(msg, cap,
                         "verifikasi memerlukan --data FOLDER-TAHUN (mis. --data out/2023)%s%s", "",
                         "");
        break;
    case CLI_CMD_RUBRIK:
        if (o->n_files > 1)
            return usage(msg, cap, "rubrik menerima paling banyak satu TAHUN%s%s", "", "");
        if (o->n_files == 1 && parse_int(o->files[0], 1900, 2200, &o->rubrik_tahun) != 0)
            return usage(msg, cap, "tahun tidak sah: '%s'%s", o->files[0], "");
        break;
    case CLI_CMD_TEMPLAT_INPUT:
        if (o->n_files != 1)
            return usage(msg, cap, "templat-input memerlukan tepat satu berkas keluaran%s%s", "",
                         "");
        if (o->n_tahun > 1)
            return usage(msg, cap, "templat-input menerima satu --tahun saja%s%s", "", "");
        break;
    default:
        if (o->n_files == 0)
            return usage(msg, cap,
                         "tidak ada berkas masukan (contoh: kepatuhan hasil-2023.csv)%s%s", "", "");
        break;
    }
    return CLI_OK;
}

cli_parse_status cli_parse(int argc, char **argv, cli_options *o, char *msg, size_t cap)
{
    set_defaults(o);
    msg[0] = '\0';

    /* getopt_long would print its own complaints; this parser reports through msg. */
    opterr = 0;
    /* 0, not 1: glibc then resets its internal state, so parsing twice in one process works. */
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:j:qhV", long_opts, NULL)) != -1) {
        cli_parse_status st = apply_option(c, optarg, argv, o, msg, cap);
        if (st != CLI_OK)
            return st;
    }
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    take_command(o);

    /* The key's path may come from the environment, so that it stays out of scripts and
     * shell history; an option given wins. */
    if (!o->kunci) {
        const char *env = getenv("KEPATUHAN_KUNCI");
        if (env && env[0])
            o->kunci = env;
    }
    return check_command(o, msg, cap);
}

bool cli_options_wants_year(const cli_options *o, int tahun)
{
    if (o->n_tahun == 0)
        return true;
    for (size_t i = 0; i < o->n_tahun; i++)
        if (o->tahun[i] == tahun)
            return true;
    return false;
}

void cli_options_free(cli_options *o)
{
    (void)o;
}
