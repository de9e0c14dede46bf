/* Unit tests of util/iniread: what the header promises beyond libinih (line numbers, the
 * continuation flag, refusing long lines and NUL bytes, located errors, the earliest error
 * winning). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/iniread.h"

/* What the handler saw, one line per call: "LINE/SECTION_LINE[+] [section] key=value". */
typedef struct seen {
    char log[2048];
    int calls;
    int fail_at; /* the call that returns an error (1-based), 0: never */
} seen;

static kp_status record(void *user, const iniread_at *at, const char *section, const char *key,
                        const char *value, kp_error *err)
{
    seen *s = user;
    size_t used = strlen(s->log);
    snprintf(s->log + used, sizeof s->log - used, "%d/%d%s [%s] %s=%s\n", at->line,
             at->section_line, at->cont ? "+" : "", section, key, value);
    if (++s->calls == s->fail_at)
        return kp_error_set(err, KP_ERR_DATA, at->path, at->line, 0, "kunci %s ditolak", key);
    return KP_OK;
}

static kp_status read_text(const char *text, seen *s, kp_error *err)
{
    kp_error_clear(err);
    return iniread_buffer("t.ini", text, strlen(text), record, s, err);
}

static void test_lines_and_sections(void **state)
{
    (void)state;
    seen s = {0};
    kp_error err;
    const char *text = "\xEF\xBB\xBF"
                       "top = 1\n"
                       "; comment\n"
                       "# comment\n"
                       "\n"
                       "[satu]\n"
                       "a = x ; inline comment\n"
                       "b: y\r\n"
                       "[dua]\n"
                       "c = z\n";
    assert_int_equal(read_text(text, &s, &err), KP_OK);
    assert_string_equal(s.log, "1/0 [] top=1\n"
                               "6/5 [satu] a=x\n"
                               "7/5 [satu] b=y\n"
                               "9/8 [dua] c=z\n");
}

/* An indented line right after a key continues it; the same indentation after a section
 * header is not a continuation. */
static void test_continuation(void **state)
{
    (void)state;
    seen s = {0};
    kp_error err;
    const char *text = "[s]\n"
                       "teks = baris satu\n"
                       "  baris dua\n"
                       "\tbaris tiga\n"
                       "lain = 2\n"
                       "[t]\n"
                       "  menjorok = 3\n";
    assert_int_equal(read_text(text, &s, &err), KP_OK);
    assert_string_equal(s.log, "2/1 [s] teks=baris satu\n"
                               "3/1+ [s] teks=baris dua\n"
                               "4/1+ [s] teks=baris tiga\n"
                               "5/1 [s] lain=2\n"
                               "7/6 [t] menjorok=3\n");
}

static void test_syntax_error_located(void **state)
{
    (void)state;
    seen s = {0};
    kp_error err;
    assert_int_equal(read_text("[s]\na = 1\nno equals sign\nb = 2\n", &s, &err), KP_ERR_DATA);
    assert_string_equal(err.file, "t.ini");
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "baris tidak dapat dibaca"));
}

/* 198 bytes fit libinih's line buffer, 199 do not: the line is refused, not split. */
static void test_long_line(void **state)
{
    (void)state;
    char text[512];
    char value[256];
    seen s = {0};
    kp_error err;

    memset(value, 'v', 194);
    value[194] = '\0';
    snprintf(text, sizeof text, "[s]\nk = %s\n", value); /* line 2: 4 + 194 = 198 bytes */
    assert_int_equal(read_text(text, &s, &err), KP_OK);
    assert_int_equal(s.calls, 1);

    value[194] = 'v';
    value[195] = '\0';
    snprintf(text, sizeof text, "[s]\nk = %s\nlater = 1\n", value);
    memset(&s, 0, sizeof s);
    assert_int_equal(read_text(text, &s, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "baris terlalu panjang (maksimal 198 karakter)"));
    /* Nothing after the long line reaches the handler. */
    assert_int_equal(s.calls, 0);
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "a = 1\nb = 2\nc = \0 3\n";
    seen s = {0};
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(iniread_buffer("t.ini", text, sizeof text - 1, record, &s, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "byte NUL"));
}

/* The buffer is read to len, not to a NUL. */
static void test_length_not_nul(void **state)
{
    (void)state;
    static const char text[] = "a = 1\nb = 2\n";
    seen s = {0};
    kp_error err;
    assert_int_equal(iniread_buffer("t.ini", text, 6, record, &s, &err), KP_OK);
    assert_string_equal(s.log, "1/0 [] a=1\n");
}

/* The handler's error stops the reading and is returned as it was filled. */
static void test_handler_error(void **state)
{
    (void)state;
    seen s = {.fail_at = 2};
    kp_error err;
    assert_int_equal(read_text("a = 1\nb = 2\nc = 3\n", &s, &err), KP_ERR_DATA);
    assert_int_equal(s.calls, 2);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "kunci b ditolak");
}

/* Whichever error comes first in the file is the one reported. */
static void test_earliest_error_wins(void **state)
{
    (void)state;
    kp_error err;
    seen s = {.fail_at = 2};
    /* Syntax error on line 2, handler error on line 3. */
    assert_int_equal(read_text("a = 1\nrusak\nb = 2\n", &s, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "baris tidak dapat dibaca"));
    /* Handler error on line 2, syntax error on line 3. */
    memset(&s, 0, sizeof s);
    s.fail_at = 2;
    assert_int_equal(read_text("a = 1\nb = 2\nrusak\n", &s, &err), KP_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "kunci b ditolak");
}

/* A handler that reads another file (a template's ornament) and fails in it. */
static kp_status fail_elsewhere(void *user, const iniread_at *at, const char *section,
                                const char *key, const char *value, kp_error *err)
{
    (void)user, (void)at, (void)section, (void)key, (void)value;
    return kp_error_set(err, KP_ERR_DATA, "lain.ini", 40, 3, "rusak di berkas lain");
}

/* An error about another file, on a line past this file's end, is not mistaken for libinih's
 * report of a syntax error; a syntax error before the key that named the file still wins. */
static void test_error_in_other_file(void **state)
{
    (void)state;
    kp_error err;
    const char *text = "[s]\nk = lain.ini\n";
    kp_error_clear(&err);
    assert_int_equal(iniread_buffer("t.ini", text, strlen(text), fail_elsewhere, NULL, &err),
                     KP_ERR_DATA);
    assert_string_equal(err.file, "lain.ini");
    assert_int_equal(err.line, 40);
    assert_string_equal(err.msg, "rusak di berkas lain");
    text = "[s]\nrusak\nk = lain.ini\n";
    kp_error_clear(&err);
    assert_int_equal(iniread_buffer("t.ini", text, strlen(text), fail_elsewhere, NULL, &err),
                     KP_ERR_DATA);
    assert_string_equal(err.file, "t.ini");
    assert_int_equal(err.line, 2);
}

/* Key and value columns, for readers that point at a bad part of a value. */
typedef struct cols {
    char log[512];
} cols;

static kp_status record_cols(void *user, const iniread_at *at, const char *section, const char *key,
                             const char *value, kp_error *err)
{
    (void)section, (void)err;
    cols *c = user;
    size_t used = strlen(c->log);
    snprintf(c->log + used, sizeof c->log - used, "%d:%d:%d %s=%s\n", at->line, at->key_col,
             at->value_col, key, value);
    return KP_OK;
}

static void test_columns(void **state)
{
    (void)state;
    cols c = {{0}};
    kp_error err;
    /* After a byte order mark the columns count from the first character after it; a
     * continuation's key is not on its line (0); an empty value stands at the line's end; a
     * key indented right after a section header is a key, at its own column. */
    const char *text = "\xEF\xBB\xBF"
                       "[s]\n"
                       "move = 0 -0.16\n"
                       "curve   =   1 2\n"
                       "    3 4\n"
                       "close =\n"
                       "[t]\n"
                       "  k: v\n";
    kp_error_clear(&err);
    assert_int_equal(iniread_buffer("t.ini", text, strlen(text), record_cols, &c, &err), KP_OK);
    assert_string_equal(c.log, "2:1:8 move=0 -0.16\n"
                               "3:1:13 curve=1 2\n"
                               "4:0:5 curve=3 4\n"
                               "5:1:8 close=\n"
                               "7:3:6 k=v\n");
}

static void test_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_iniread_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("[s]\nk = v\n", f);
    fclose(f);
    seen s = {0};
    kp_error err;
    kp_error_clear(&err);
    assert_int_equal(iniread_file(path, record, &s, &err), KP_OK);
    assert_string_equal(s.log, "2/1 [s] k=v\n");

    /* Over a mebibyte: refused before parsing. */
    f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 1024 * 1024 / 8 + 1; i++)
        fputs("; 45678\n", f);
    fclose(f);
    memset(&s, 0, sizeof s);
    assert_int_equal(iniread_file(path, record, &s, &err), KP_ERR_DATA);
    assert_non_null(strstr(err.msg, "berkas terlalu besar"));
    assert_int_equal(s.calls, 0);

    unlink(path);
    assert_int_equal(iniread_file(path, record, &s, &err), KP_ERR_DATA);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.msg, "tidak ditemukan"));
}

/* Lines of a text value: a space between them, none after a line break, "\\n" a break. */
static void test_text_append(void **state)
{
    (void)state;
    char *t = NULL;
    assert_int_equal(iniread_text_append(&t, "Hasil Penilaian\\n", 64), 0);
    assert_string_equal(t, "Hasil Penilaian\n");
    assert_int_equal(iniread_text_append(&t, "Tahun 2024", 64), 0);
    assert_string_equal(t, "Hasil Penilaian\nTahun 2024");
    assert_int_equal(iniread_text_append(&t, "dan seterusnya", 64), 0);
    assert_string_equal(t, "Hasil Penilaian\nTahun 2024 dan seterusnya");
    /* A backslash not before n stays; a value past max leaves the text as it was. */
    assert_int_equal(iniread_text_append(&t, "a\\b", 64), 0);
    assert_string_equal(t, "Hasil Penilaian\nTahun 2024 dan seterusnya a\\b");
    assert_int_equal(iniread_text_append(&t, "0123456789012345678901234567890", 64), ERANGE);
    assert_string_equal(t, "Hasil Penilaian\nTahun 2024 dan seterusnya a\\b");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_sections),
        cmocka_unit_test(test_continuation),
        cmocka_unit_test(test_syntax_error_located),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_length_not_nul),
        cmocka_unit_test(test_handler_error),
        cmocka_unit_test(test_earliest_error_wins),
        cmocka_unit_test(test_error_in_other_file),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_text_append),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
