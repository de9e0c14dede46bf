#include "util/iniread.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "util/readfile.h"

/* No INI file of the project is more than a few pages; anything far larger is a mistake. */
#define INIREAD_FILE_MAX (1024 * 1024)

/* Why the reader stopped handing lines to libinih before the end of the text. */
enum stop { STOP_NONE, STOP_TOO_LONG, STOP_NUL };

typedef struct reading {
    const char *buf;
    size_t len, pos;
    iniread_at at;
    int lineno; /* lines handed to libinih so far: its own count */
    /* The line last handed to libinih, which parses it in place: key and value point into it. */
    const char *line;
    size_t line_len;
    bool after_key; /* a key was read since the last [section]: an indented line continues it */
    enum stop stop;
    int stop_line;
    int line_cap; /* libinih's line buffer, for the message about long lines */
    iniread_handler fn;
    void *user;
    kp_status st;
    int err_line; /* the line of this file the handler's error is about */
    kp_error *err;
} reading;

/* Sorts the line just read the way libinih will, so that the handler learns whether its
 * value is a continuation and errors about a block can name its [section] line. */
static void classify(reading *r, const char *line)
{
    const char *s = line;
    if (r->lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    r->line = s;
    r->line_len = strlen(s);
    while (isspace((unsigned char)*s))
        s++;
    r->at.line = r->lineno;
    r->at.cont = false;
    if (*s == '\0' || *s == ';' || *s == '#')
        return;
    if (r->after_key && s > line) {
        r->at.cont = true;
    } else if (*s == '[') {
        r->at.section_line = r->lineno;
        r->after_key = false;
    }
}

/* libinih's fgets-style reader over the buffer. */
static char *next_line(char *str, int num, void *stream)
{
    reading *r = stream;
    if (r->pos >= r->len || r->stop != STOP_NONE || r->st != KP_OK)
        return NULL;
    size_t n = 0;
    while (r->pos < r->len) {
        char c = r->buf[r->pos++];
        if (c == '\0') {
            r->stop = STOP_NUL;
            r->stop_line = r->lineno + 1;
            return NULL;
        }
        if (n + 1 >= (size_t)num) {
            /* libinih would split the line and misnumber every line after it. */
            r->stop = STOP_TOO_LONG;
            r->stop_line = r->lineno + 1;
            r->line_cap = num;
            return NULL;
        }
        str[n++] = c;
        if (c == '\n')
            break;
    }
    str[n] = '\0';
    r->lineno++;
    classify(r, str);
    return str;
}

/* The 1-based column of s in the line being read, or 0 when s is not in it. */
static int column(const reading *r, const char *s)
{
    /* Compared as addresses: libinih hands out pointers into the buffer it gave next_line,
     * but a continuation's key is a copy. */
    uintptr_t p = (uintptr_t)s, b = (uintptr_t)r->line;
    if (p < b || p > b + r->line_len)
        return 0;
    return (int)(p - b) + 1;
}

static int call_handler(void *user, const char *section, const char *key, const char *value)
{
    reading *r = user;
    if (r->st != KP_OK)
        return 0;
    r->at.key_col = column(r, key);
    r->at.value_col = column(r, value);
    r->after_key = true;
    r->st = r->fn(r->user, &r->at, section, key, value, r->err);
    if (r->st == KP_OK)
        return 1;
    /* Where the handler's error stands in this file: the line it names, or for an error about
     * another file (an ornament file that a template names) the line that named it, which
     * libinih also reports as its own error line. */
    bool here = r->err && r->at.path && strcmp(r->err->file, r->at.path) == 0;
    r->err_line = here ? r->err->line : r->at.line;
    return 0;
}

kp_status iniread_buffer(const char *path, const char *buf, size_t len, iniread_handler fn,
                         void *user, kp_error *err)
{
    reading r = {.buf = buf, .len = len, .fn = fn, .user = user, .st = KP_OK, .err = err};
    r.at.path = path;
    int rc = ini_parse_stream(next_line, &r, call_handler, &r);
    if (rc < 0)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    /* libinih goes on after a line it cannot read; the handler's error may come later. */
    if (rc > 0 && (r.st == KP_OK || rc < r.err_line))
        return kp_error_set(err, KP_ERR_DATA, path, rc, 0,
                            "baris tidak dapat dibaca (harus [bagian], kunci = nilai, atau "
                            "komentar)");
    if (r.st != KP_OK)
        return r.st;
    if (r.stop == STOP_NUL)
        return kp_error_set(err, KP_ERR_DATA, path, r.stop_line, 0,
                            "berkas berisi byte NUL: bukan berkas teks");
    if (r.stop == STOP_TOO_LONG)
        return kp_error_set(err, KP_ERR_DATA, path, r.stop_line, 0,
                            "baris terlalu panjang (maksimal %d karakter): lanjutkan nilai di "
                            "baris berikutnya yang diawali spasi",
                            r.line_cap - 2);
    return KP_OK;
}

kp_status iniread_file(const char *path, iniread_handler fn, void *user, kp_error *err)
{
    char *buf;
    size_t len;
    int rc = readfile_path(path, INIREAD_FILE_MAX, &buf, &len);
    if (rc == EFBIG)
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                            "berkas terlalu besar (lebih dari %d byte)", INIREAD_FILE_MAX);
    if (rc == ENOMEM)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    if (rc)
        return kp_error_errno(err, KP_ERR_DATA, path, rc, "templat", "dibaca");
    kp_status st = iniread_buffer(path, buf, len, fn, user, err);
    free(buf);
    return st;
}

int iniread_text_append(char **dst, const char *value, size_t max)
{
    size_t old = *dst ? strlen(*dst) : 0, add = strlen(value);
    if (old + add + 2 > max)
        return ERANGE;
    char *nt = realloc(*dst, old + add + 2);
    if (!nt)
        return ENOMEM;
    char *o = nt + old;
    if (old > 0 && nt[old - 1] != '\n')
        *o++ = ' ';
    for (const char *p = value; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            *o++ = '\n';
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    *dst = nt;
    return 0;
}
