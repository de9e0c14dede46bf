/*
 * cli.h - the command line as data: subcommand, options and files.
 *
 * Parsing never prints: it returns a status and, for a usage error, a message with a hint
 * ("opsi tidak dikenal '--piagem'; maksud Anda '--piagam'?") that main prints.
 */
#ifndef KP_CLI_H
#define KP_CLI_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cli_command {
    CLI_CMD_RUN = 0,       /* kepatuhan [OPTIONS] FILE... */
    CLI_CMD_PERIKSA,       /* kepatuhan periksa FILE... */
    CLI_CMD_RUBRIK,        /* kepatuhan rubrik [TAHUN] */
    CLI_CMD_TEMPLAT_INPUT, /* kepatuhan templat-input [--tahun T] [--csv] FILE */
    CLI_CMD_KUNCI_BARU,    /* kepatuhan kunci-baru FILE */
    CLI_CMD_VERIFIKASI,    /* kepatuhan verifikasi KODE|FILE.pdf [--kunci F] --data DIR */
} cli_command;

#define CLI_MAX_YEARS 64

typedef struct cli_options {
    cli_command command;
    const char *out_dir;      /* --out, default "out" */
    int tahun[CLI_MAX_YEARS]; /* --tahun 2023,2024: years to render; none = all */
    size_t n_tahun;
    int pembanding;      /* --pembanding TAHUN; 0 = the year before, when present */
    const char *rubrik;  /* --rubrik FILE */
    const char *templat; /* --templat DIR */
    const char *piagam;  /* --piagam (pilih.h: A,B / hijau / semua / tidak / tm); NULL: rubric's */
    const char *piagam_tingkat; /* --piagam-tingkat instansi|skpd|semua; default "instansi" */
    bool piagam_gabung;         /* --piagam-gabung */
    bool rapor;                 /* --rapor (default) / --tanpa-rapor */
    bool rapor_skpd;            /* --rapor-skpd */
    const char *surat;          /* --surat piagam|semua|tidak; default "piagam" */
    bool surat_gabung;          /* --surat-gabung */
    bool ringkasan;             /* Ringkasan Eksekutif (default) / --tanpa-ringkasan */
    bool ringkasan_instansi;    /* --ringkasan-instansi: also one per pemda with units */
    bool per_provinsi;          /* --per-provinsi: one workbook per province too */
    int jobs;                   /* --jobs N; default: number of cores */
    const char *provinsi;       /* --provinsi NAME: render one province only */
    bool quiet;                 /* --quiet */
    bool waktu;                 /* --waktu: print the wall time of each stage */
    bool tunggu;                /* --tunggu: wait while another run holds --out */
    char separator;             /* --pemisah ',' ';' or 't' (tab); 0 = detect */
    const char *lembar;         /* --lembar NAMA: the sheet of every .xlsx input; NULL: chosen */
    size_t max_errors;          /* --maks-kesalahan N; default 50 */
    bool csv;                   /* templat-input --csv */
    int rubrik_tahun;           /* rubrik TAHUN; 0 = every rubric */
    const char *kunci; /* --kunci FILE, else $KEPATUHAN_KUNCI: the issuer's key; NULL: none */
    const char *data;  /* verifikasi --data DIR: a year folder of a run (out/2023) */
    char **files;      /* positional arguments (borrowed from argv) */
    size_t n_files;
} cli_options;

typedef enum cli_parse_status {
    CLI_OK = 0,
    CLI_HELP,
    CLI_VERSION,
    CLI_USAGE_ERROR,
} cli_parse_status;

/*
 * Parses argv into o (defaults filled in). On CLI_USAGE_ERROR msg holds what is wrong and a
 * hint. o must be released with cli_options_free whatever the status.
 */
cli_parse_status cli_parse(int argc, char **argv, cli_options *o, char *msg, size_t cap);

/* Whether documents are made for year tahun: every year, or one that --tahun names. */
bool cli_options_wants_year(const cli_options *o, int tahun);

/* Releases what cli_parse allocated. */
void cli_options_free(cli_options *o);

/* The --help text, in Indonesian, with examples: pieces to print in order, ending with NULL. */
const char *const *cli_help_text(void);

#endif
