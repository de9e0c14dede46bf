/*
 * outdir: results replace earlier ones only on commit; nothing else is ever touched; one run
 * per folder; what a killed run left is finished or undone by the next, never the only copy
 * deleted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdatomic.h>
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

static void path_in(char *out, size_t cap, const char *dir, const char *name)
{
    assert_true(snprintf(out, cap, "%s/%s", dir, name) < (int)cap);
}

/* outdir_open + outdir_begin, as a run does them. */
static outdir *begin(const char *out)
{
    outdir *od;
    kp_error err;
    assert_int_equal(outdir_open(out, false, NULL, &od, &err), KP_OK);
    assert_int_equal(outdir_begin(od, &err), KP_OK);
    return od;
}

static unsigned long long inode(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return (unsigned long long)st.st_ino;
}

static void test_commit_replaces_and_keeps_others(void **state)
{
    (void)state;
    char out[300], old2023[320];
    path_in(out, sizeof out, root, "out");
    path_in(old2023, sizeof old2023, out, "2023");
    kp_error err;
    assert_int_equal(outdir_mkdirs(old2023, &err), KP_OK);
    write_text(old2023, "lama.txt", "lama");
    write_text(out, "catatan.txt", "milik pengguna");

    outdir *od = begin(out);
    char y[512];
    path_in(y, sizeof y, outdir_tmp(od), "2023");
    assert_int_equal(outdir_mkdirs(y, &err), KP_OK);
    write_text(y, "baru.txt", "baru");
    path_in(y, sizeof y, outdir_tmp(od), "2024");
    assert_int_equal(outdir_mkdirs(y, &err), KP_OK);
    write_text(y, "baru.txt", "2024");
    assert_int_equal(outdir_commit(od, &err), KP_OK);

    expect_text(old2023, "baru.txt", "baru");
    char gone[400];
    path_in(gone, sizeof gone, old2023, "lama.txt");
    assert_int_not_equal(access(gone, F_OK), 0);
    expect_text(out, "catatan.txt", "milik pengguna");
    /* 2023, 2024, catatan.txt: no temporary folder left. */
    assert_int_equal(entries(out), 3);
}

static void test_abort_leaves_everything(void **state)
{
    (void)state;
    char out[300];
    path_in(out, sizeof out, root, "out2");
    kp_error err;
    assert_int_equal(outdir_mkdirs(out, &err), KP_OK);
    write_text(out, "a.txt", "a");
    outdir *od = begin(out);
    write_text(outdir_tmp(od), "a.txt", "ganti");
    outdir_abort(od);
    expect_text(out, "a.txt", "a");
    assert_int_equal(entries(out), 1);
}

/* A failed run into a folder that did not exist leaves none behind, parents included. */
static void test_abort_removes_what_it_created(void **state)
{
    (void)state;
    char parent[300], out[320];
    path_in(parent, sizeof parent, root, "baru");
    path_in(out, sizeof out, parent, "out");
    outdir *od;
    kp_error err;
    assert_int_equal(outdir_open(out, false, NULL, &od, &err), KP_OK);
    assert_int_not_equal(access(parent, F_OK), 0);
    assert_int_equal(outdir_begin(od, &err), KP_OK);
    assert_int_equal(access(out, F_OK), 0);
    outdir_abort(od);
    assert_int_not_equal(access(parent, F_OK), 0);
}

/*
 * The unlocked versions' leftover (".kepatuhan-tmp.PID", here of PID 1, which is alive: a PID
 * says nothing about a run in another namespace) killed between its two phases: the year it
 * had moved aside is the only copy and comes back; one already replaced stays new.
 */
static void test_old_leftover_restored(void **state)
{
    (void)state;
    char out[300], stale[400], p[512];
    path_in(out, sizeof out, root, "out3");
    path_in(stale, sizeof stale, out, ".kepatuhan-tmp.1");
    kp_error err;
    path_in(p, sizeof p, stale, ".old.2023");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "lama 2023");
    path_in(p, sizeof p, stale, ".old.2024");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "lama 2024");
    path_in(p, sizeof p, stale, "2023");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "baru 2023");
    path_in(p, sizeof p, out, "2024");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "baru 2024");

    outdir_abort(begin(out));
    path_in(p, sizeof p, out, "2023");
    expect_text(p, "f.txt", "lama 2023");
    path_in(p, sizeof p, out, "2024");
    expect_text(p, "f.txt", "baru 2024");
    assert_int_equal(entries(out), 2);
}

/*
 * A run killed after its journal and one of its two swaps: 2023 is in place (its old tree
 * sits in the temporary folder), 2024 is not yet. The next run finishes the commit.
 */
static void test_journal_rolls_forward(void **state)
{
    (void)state;
    char out[300], tmp[400], p[512], journal[2048];
    path_in(out, sizeof out, root, "out4");
    path_in(tmp, sizeof tmp, out, ".kepatuhan-tmp-mati01");
    kp_error err;
    path_in(p, sizeof p, out, "2023");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "baru 2023");
    unsigned long long ino2023 = inode(p);
    path_in(p, sizeof p, tmp, "2023");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "lama 2023");
    path_in(p, sizeof p, out, "2024");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "lama 2024");
    path_in(p, sizeof p, tmp, "2024");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "baru 2024");
    snprintf(journal, sizeof journal, "kepatuhan-jurnal 1\n%llu 2023\n%llu 2024\nakhir\n", ino2023,
             inode(p));
    write_text(tmp, ".jurnal", journal);

    outdir_abort(begin(out));
    path_in(p, sizeof p, out, "2023");
    expect_text(p, "f.txt", "baru 2023");
    path_in(p, sizeof p, out, "2024");
    expect_text(p, "f.txt", "baru 2024");
    assert_int_equal(entries(out), 2);
}

/* Killed while writing its journal: nothing was moved yet, so nothing is. */
static void test_incomplete_journal_discarded(void **state)
{
    (void)state;
    char out[300], tmp[400], p[512], journal[256];
    path_in(out, sizeof out, root, "out5");
    path_in(tmp, sizeof tmp, out, ".kepatuhan-tmp-mati02");
    kp_error err;
    path_in(p, sizeof p, out, "2024");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "lama 2024");
    path_in(p, sizeof p, tmp, "2024");
    assert_int_equal(outdir_mkdirs(p, &err), KP_OK);
    write_text(p, "f.txt", "setengah");
    snprintf(journal, sizeof journal, "kepatuhan-jurnal 1\n%llu 2024\n", inode(p));
    write_text(tmp, ".jurnal", journal);

    outdir_abort(begin(out));
    path_in(p, sizeof p, out, "2024");
    expect_text(p, "f.txt", "lama 2024");
    assert_int_equal(entries(out), 1);
}

/* flock conflicts between two open descriptions even in one process, as between two runs. */
static void test_second_run_refused_naming_holder(void **state)
{
    (void)state;
    char out[300];
    path_in(out, sizeof out, root, "out6");
    kp_error err;
    assert_int_equal(outdir_mkdirs(out, &err), KP_OK);
    outdir *first, *second = NULL;
    assert_int_equal(outdir_open(out, false, NULL, &first, &err), KP_OK);
    assert_int_equal(outdir_open(out, false, NULL, &second, &err), KP_ERR_IO);
    assert_null(second);
    assert_non_null(strstr(err.msg, "belum mulai menulis"));
    assert_int_equal(outdir_begin(first, &err), KP_OK);
    assert_int_equal(outdir_open(out, false, NULL, &second, &err), KP_ERR_IO);
    char pid[32];
    snprintf(pid, sizeof pid, "PID %ld di ", (long)getpid());
    assert_non_null(strstr(err.msg, pid));
    assert_non_null(strstr(err.msg, "--tunggu"));

    /* Waiting ends when the run is cancelled... */
    atomic_int cancel = 1;
    assert_int_equal(outdir_open(out, true, &cancel, &second, &err), KP_ERR_IO);
    assert_string_equal(err.msg, "dibatalkan");
    /* ...or when the holder is done. */
    outdir_abort(first);
    cancel = 0;
    assert_int_equal(outdir_open(out, true, &cancel, &second, &err), KP_OK);
    outdir_abort(second);
    assert_int_equal(entries(out), 0);
}

static void test_not_a_folder(void **state)
{
    (void)state;
    char file[300];
    path_in(file, sizeof file, root, "berkas");
    write_text(root, "berkas", "x");
    outdir *od = NULL;
    kp_error err;
    assert_int_equal(outdir_open(file, false, NULL, &od, &err), KP_ERR_IO);
    assert_null(od);
    assert_non_null(strstr(err.file, "berkas"));
}

static void test_write_file_atomic(void **state)
{
    (void)state;
    char p[300];
    path_in(p, sizeof p, root, "satu.csv");
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
        cmocka_unit_test(test_abort_removes_what_it_created),
        cmocka_unit_test(test_old_leftover_restored),
        cmocka_unit_test(test_journal_rolls_forward),
        cmocka_unit_test(test_incomplete_journal_discarded),
        cmocka_unit_test(test_second_run_refused_naming_holder),
        cmocka_unit_test(test_not_a_folder),
        cmocka_unit_test(test_write_file_atomic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
