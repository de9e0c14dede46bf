/* outdir: results replace earlier ones only on commit; nothing else is ever touched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/outdir.h"

static char root[256];

static int setup(void **state)
{
    (void)state;
    assert_true(snprintf(root, sizeof root, "/tmp/kp-outdir-XXXXXX") < (int)sizeof root);
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return outdir_remove_tree(root);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char p[512];
    assert_true(snprintf(p, sizeof p, "%s/%s", dir, name) < (int)sizeof p);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_text(const char *dir, const char *name, const char *text)
{
    char p[512], buf[128] = {0};
    assert_true(snprintf(p, sizeof p, "%s/%s", dir, name) < (int)sizeof p);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    assert_true(fread(buf, 1, sizeof buf - 1, f) > 0);
    fclose(f);
    assert_string_equal(buf, text);
}

static int entries(const char *dir)
{
    char cmd[512];
    assert_true(snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir) < (int)sizeof cmd);
    FILE *p = popen(cmd, "r");
    int n = -1;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

static void test_commit_replaces_and_keeps_others(void **state)
{
    (void)state;
    char out[300], old2023[320];
    assert_true(snprintf(out, sizeof out, "%s/out", root) < (int)sizeof out);
    assert_true(snprintf(old2023, sizeof old2023, "%s/2023", out) < (int)sizeof old2023);
    kp_error err;
    assert_int_equal(outdir_mkdirs(old2023, &err), KP_OK);
    write_text(old2023, "lama.txt", "lama");
    write_text(out, "catatan.txt", "milik pengguna");

    outdir *od;
    assert_int_equal(outdir_begin(out, &od, &err), KP_OK);
    char y[512];
    assert_true(snprintf(y, sizeof y, "%s/2023", outdir_tmp(od)) < (int)sizeof y);
    assert_int_equal(outdir_mkdirs(y, &err), KP_OK);
    write_text(y, "baru.txt", "baru");
    assert_true(snprintf(y, sizeof y, "%s/2024", outdir_tmp(od)) < (int)sizeof y);
    assert_int_equal(outdir_mkdirs(y, &err), KP_OK);
    write_text(y, "baru.txt", "2024");
    assert_int_equal(outdir_commit(od, &err), KP_OK);

    expect_text(old2023, "baru.txt", "baru");
    char gone[400];
    assert_true(snprintf(gone, sizeof gone, "%s/lama.txt", old2023) < (int)sizeof gone);
    assert_int_not_equal(access(gone, F_OK), 0);
    expect_text(out, "catatan.txt", "milik pengguna");
    /* 2023, 2024, catatan.txt: no temporary folder left. */
    assert_int_equal(entries(out), 3);
}

static void test_abort_leaves_everything(void **state)
{
    (void)state;
    char out[300];
    assert_true(snprintf(out, sizeof out, "%s/out2", root) < (int)sizeof out);
    kp_error err;
    assert_int_equal(outdir_mkdirs(out, &err), KP_OK);
    write_text(out, "a.txt", "a");
    outdir *od;
    assert_int_equal(outdir_begin(out, &od, &err), KP_OK);
    write_text(outdir_tmp(od), "a.txt", "ganti");
    outdir_abort(od);
    expect_text(out, "a.txt", "a");
    assert_int_equal(entries(out), 1);
}

static void test_stale_temp_removed(void **state)
{
    (void)state;
    char out[300], stale[400];
    assert_true(snprintf(out, sizeof out, "%s/out3", root) < (int)sizeof out);
    /* No process has pid 2^22 + 1 on Linux (pid_max is at most 2^22). */
    assert_true(snprintf(stale, sizeof stale, "%s/.kepatuhan-tmp.4194305", out) <
                (int)sizeof stale);
    kp_error err;
    assert_int_equal(outdir_mkdirs(stale, &err), KP_OK);
    outdir *od;
    assert_int_equal(outdir_begin(out, &od, &err), KP_OK);
    assert_int_not_equal(access(stale, F_OK), 0);
    outdir_abort(od);
    assert_int_equal(entries(out), 0);
}

static void test_not_a_folder(void **state)
{
    (void)state;
    char file[300];
    assert_true(snprintf(file, sizeof file, "%s/berkas", root) < (int)sizeof file);
    write_text(root, "berkas", "x");
    outdir *od = NULL;
    kp_error err;
    assert_int_equal(outdir_begin(file, &od, &err), KP_ERR_IO);
    assert_null(od);
    assert_non_null(strstr(err.file, "berkas"));
}

static void test_write_file_atomic(void **state)
{
    (void)state;
    char p[300];
    assert_true(snprintf(p, sizeof p, "%s/satu.csv", root) < (int)sizeof p);
    kp_error err;
    assert_int_equal(outdir_write_file(p, "a,b\n", 4, &err), KP_OK);
    expect_text(root, "satu.csv", "a,b\n");
    assert_int_equal(outdir_write_file("/dev/full/x", "a", 1, &err), KP_ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_and_keeps_others),
        cmocka_unit_test(test_abort_leaves_everything),
        cmocka_unit_test(test_stale_temp_removed),
        cmocka_unit_test(test_not_a_folder),
        cmocka_unit_test(test_write_file_atomic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
