/*
 * fuzz_cli.c - libFuzzer target for the whole run as `kepatuhan --out DIR FILE.csv` does it:
 * reader -> scores -> aggregation -> comparison -> the data CSV files, the workbook and every
 * document (certificates and report cards for instansi and units, letters), into a fresh
 * temporary folder that is removed after every input.
 *
 * Whatever the file holds, the run must end in KP_OK or in KP_ERR_DATA that says what is
 * wrong (a diagnostic or an error message); never a crash, leak, undefined behaviour, an
 * I/O failure (nothing in the input may make writing fail), or a file outside the output
 * folder. Inputs are capped at 4 KB: the point is odd content, not volume.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/pipeline.h"

#define FUZZ_MAX_INPUT 4096

static char work[64];  /* per-process scratch folder: input file and parent of the output */
static char input[96]; /* work/hasil.csv */
static char out[96];   /* work/out */
/* Loaded once: every run would parse the same templates/rubrik again (half of the time of an
 * input the reader refuses), and the rubric parser has its own target (fuzz_rubric). */
static rubric_set rubrics;

/* Removes a tree the run created. Only the fuzzer's own scratch folder is ever passed. */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        if (unlink(path) != 0 && errno != ENOENT)
            abort();
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char child[PATH_MAX];
        if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child)
            abort();
        struct stat st;
        if (lstat(child, &st) != 0)
            abort();
        if (S_ISDIR(st.st_mode))
            remove_tree(child);
        else if (unlink(child) != 0)
            abort();
    }
    closedir(d);
    if (rmdir(path) != 0)
        abort();
}

static void cleanup(void)
{
    if (work[0])
        remove_tree(work);
    rubric_set_free(&rubrics);
}

/* The scratch folder may hold only what the run was given and its output folder. */
static void check_nothing_outside(void)
{
    DIR *d = opendir(work);
    if (!d)
        abort();
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (strcmp(n, ".") && strcmp(n, "..") && strcmp(n, "hasil.csv") && strcmp(n, "out"))
            abort();
    }
    closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* On tmpfs when there is one: every input that passes writes its whole output folder,
     * and the commit's syncfs and fsyncs on a shared disk cost more than the run. */
    const char *tmp = getenv("TMPDIR");
    struct stat shm;
    if (!tmp || strlen(tmp) >= 32)
        tmp = stat("/dev/shm", &shm) == 0 && S_ISDIR(shm.st_mode) && access("/dev/shm", W_OK) == 0
                  ? "/dev/shm"
                  : "/tmp";
    snprintf(work, sizeof work, "%s/kp-fuzz-cli.XXXXXX", tmp);
    if (!mkdtemp(work))
        abort();
    snprintf(input, sizeof input, "%s/hasil.csv", work);
    snprintf(out, sizeof out, "%s/out", work);
    kp_error err;
    if (rubric_set_load_dir(&rubrics, KP_TEST_DATA "/../../templates/rubrik", &err) != KP_OK)
        abort();
    atexit(cleanup);
    /* Documents carry a fixed date; the clock must not make two runs of an input differ. */
    setenv("SOURCE_DATE_EPOCH", "1705449600", 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    FILE *f = fopen(input, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();

    /* Options as the command line gives them, so the defaults are the CLI's own. Every
     * document for every input: drawing them for one input in 16 (by a hash of its bytes) ran
     * three times the executions but reached 10 % less coverage in a minute, the documents
     * being most of the code. */
    char *argv[] = {"kepatuhan",
                    "--quiet",
                    "--jobs",
                    "1",
                    "--out",
                    out,
                    "--templat",
                    KP_TEST_DATA "/../../templates",
                    "--piagam",
                    "semua",
                    "--piagam-tingkat",
                    "semua",
                    "--rapor-skpd",
                    "--surat",
                    "semua",
                    input,
                    NULL};
    cli_options o;
    char msg[256];
    if (cli_parse((int)(sizeof argv / sizeof *argv) - 1, argv, &o, msg, sizeof msg) != CLI_OK)
        abort();
    diag_list *diags = diag_new(o.max_errors);
    if (!diags)
        abort();
    pipeline_result res = {0};
    kp_error err;
    kp_error_clear(&err);
    pipeline_hooks hooks = {.rubrics = &rubrics};
    kp_status st = pipeline_run(&o, &hooks, diags, &res, &err);
    if (st == KP_ERR_DATA) {
        if (diag_errors(diags) == 0 && err.msg[0] == '\0')
            abort();
    } else if (st != KP_OK) {
        abort();
    }
    pipeline_result_free(&res);
    diag_free(diags);
    cli_options_free(&o);

    check_nothing_outside();
    remove_tree(out);
    return 0;
}
