/* The command line: defaults, every option, subcommands anywhere, refusals with hints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"

static cli_parse_status parse(cli_options *o, char *msg, size_t cap, ...)
{
    char *argv[32] = {"kepatuhan"};
    int argc = 1;
    va_list ap;
    va_start(ap, cap);
    for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 31;)
        argv[argc++] = a;
    va_end(ap);
    static char *keep[32];
    memcpy(keep, argv, sizeof keep);
    return cli_parse(argc, keep, o, msg, cap);
}

static void test_defaults(void **state)
{
    (void)state;
    cli_options o;
    char msg[256];
    assert_int_equal(parse(&o, msg, sizeof msg, "a.csv", "b.csv", NULL), CLI_OK);
    assert_int_equal(o.command, CLI_CMD_RUN);
    assert_string_equal(o.out_dir, "out");
    assert_null(o.piagam); /* the rubric of each year decides */
    assert_string_equal(o.piagam_tingkat, "instansi");
    assert_string_equal(o.surat, "piagam");
    assert_true(o.rapor);
    assert_true(o.jobs >= 1);
    assert_int_equal(o.n_files, 2);
    assert_string_equal(o.files[1], "b.csv");
}

static void test_every_option(void **state)
{
    (void)state;
    cli_options o;
    char msg[256];
    assert_int_equal(parse(&o, msg, sizeof msg, "-o", "hasil", "--tahun", "2022,2023",
                           "--pembanding", "2021", "--piagam", "A,B", "--piagam-tingkat", "semua",
                           "--piagam-gabung", "--tanpa-rapor", "--rapor-skpd", "--surat", "semua",
                           "--surat-gabung", "--per-provinsi", "-j", "3", "--provinsi",
                           "Kalimantan Selatan", "--pemisah", ";", "--quiet", "--waktu", "x.csv",
                           NULL),
                     CLI_OK);
    assert_string_equal(o.out_dir, "hasil");
    assert_int_equal(o.n_tahun, 2);
    assert_int_equal(o.tahun[1], 2023);
    assert_int_equal(o.pembanding, 2021);
    assert_string_equal(o.piagam, "A,B");
    assert_true(o.piagam_gabung && o.rapor_skpd && o.surat_gabung && o.per_provinsi);
    assert_false(o.rapor);
    assert_int_equal(o.jobs, 3);
    assert_string_equal(o.provinsi, "Kalimantan Selatan");
    assert_int_equal(o.separator, ';');
    assert_true(o.quiet && o.waktu);
}

static void test_subcommands(void **state)
{
    (void)state;
    cli_options o;
    char msg[256];
    assert_int_equal(parse(&o, msg, sizeof msg, "--quiet", "periksa", "a.csv", NULL), CLI_OK);
    assert_int_equal(o.command, CLI_CMD_PERIKSA);
    assert_int_equal(o.n_files, 1);
    assert_int_equal(parse(&o, msg, sizeof msg, "rubrik", "2023", NULL), CLI_OK);
    assert_int_equal(o.command, CLI_CMD_RUBRIK);
    assert_int_equal(o.rubrik_tahun, 2023);
    assert_int_equal(parse(&o, msg, sizeof msg, "templat-input", "--csv", "t.csv", NULL), CLI_OK);
    assert_int_equal(o.command, CLI_CMD_TEMPLAT_INPUT);
    assert_true(o.csv);
    assert_int_equal(parse(&o, msg, sizeof msg, "--help", NULL), CLI_HELP);
    assert_int_equal(parse(&o, msg, sizeof msg, "-V", NULL), CLI_VERSION);
}

static void test_refusals(void **state)
{
    (void)state;
    cli_options o;
    char msg[256];
    assert_int_equal(parse(&o, msg, sizeof msg, "--piagem", "hijau", "a.csv", NULL),
                     CLI_USAGE_ERROR);
    assert_string_equal(msg, "opsi tidak dikenal '--piagem'; maksud Anda '--piagam'?");
    assert_int_equal(parse(&o, msg, sizeof msg, "--jobs=0", "a.csv", NULL), CLI_USAGE_ERROR);
    assert_non_null(strstr(msg, "--jobs"));
    assert_int_equal(parse(&o, msg, sizeof msg, "--tahun", "20x3", "a.csv", NULL), CLI_USAGE_ERROR);
    assert_int_equal(parse(&o, msg, sizeof msg, "--surat", "kadang", "a.csv", NULL),
                     CLI_USAGE_ERROR);
    assert_int_equal(parse(&o, msg, sizeof msg, "--out", NULL), CLI_USAGE_ERROR);
    assert_string_equal(msg, "opsi '--out' memerlukan nilai");
    assert_int_equal(parse(&o, msg, sizeof msg, "-x", "a.csv", NULL), CLI_USAGE_ERROR);
    assert_string_equal(msg, "opsi tidak dikenal '-x'");
    assert_int_equal(parse(&o, msg, sizeof msg, NULL), CLI_USAGE_ERROR);
    assert_int_equal(parse(&o, msg, sizeof msg, "rubrik", "dua", NULL), CLI_USAGE_ERROR);
    assert_int_equal(parse(&o, msg, sizeof msg, "templat-input", NULL), CLI_USAGE_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_option),
        cmocka_unit_test(test_subcommands),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
