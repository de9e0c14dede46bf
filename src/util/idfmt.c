#include "util/idfmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/sbuf.h"

/* Magnitude without the undefined negation of INT64_MIN. */
static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
}

static void out_grouped(sbuf *o, uint64_t v)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            sbuf_putc(o, '.');
        sbuf_putc(o, digits[i]);
    }
}

static void out_hundredths(sbuf *o, int64_t hundredths)
{
    uint64_t a = magnitude(hundredths);
    char frac[4];
    out_grouped(o, a / 100);
    snprintf(frac, sizeof frac, ",%02u", (unsigned)(a % 100));
    sbuf_puts(o, frac);
}

char *idfmt_nilai(int64_t hundredths, char *buf, size_t cap)
{
    sbuf o;
    sbuf_init_fixed(&o, buf, cap);
    if (hundredths < 0)
        sbuf_putc(&o, '-');
    out_hundredths(&o, hundredths);
    return buf;
}

char *idfmt_selisih(int64_t hundredths, char *buf, size_t cap)
{
    sbuf o;
    sbuf_init_fixed(&o, buf, cap);
    if (hundredths != 0)
        sbuf_putc(&o, hundredths > 0 ? '+' : '-');
    out_hundredths(&o, hundredths);
    return buf;
}

char *idfmt_int(int64_t v, char *buf, size_t cap)
{
    sbuf o;
    sbuf_init_fixed(&o, buf, cap);
    if (v < 0)
        sbuf_putc(&o, '-');
    out_grouped(&o, magnitude(v));
    return buf;
}

static const char *const digit_words[10] = {"nol",  "satu", "dua",   "tiga",    "empat",
                                            "lima", "enam", "tujuh", "delapan", "sembilan"};

static void out_word(sbuf *o, const char *w)
{
    if (o->len > 0)
        sbuf_putc(o, ' ');
    sbuf_puts(o, w);
}

/* 1..999; Indonesian says "se-" rather than "satu" for 10, 11, 100 (sepuluh, sebelas, seratus). */
static void out_below_thousand(sbuf *o, unsigned v)
{
    unsigned h = v / 100, rest = v % 100;
    if (h == 1)
        out_word(o, "seratus");
    else if (h > 1) {
        out_word(o, digit_words[h]);
        out_word(o, "ratus");
    }
    if (rest == 0)
        return;
    if (rest < 10) {
        out_word(o, digit_words[rest]);
    } else if (rest == 10) {
        out_word(o, "sepuluh");
    } else if (rest == 11) {
        out_word(o, "sebelas");
    } else if (rest < 20) {
        out_word(o, digit_words[rest - 10]);
        out_word(o, "belas");
    } else {
        out_word(o, digit_words[rest / 10]);
        out_word(o, "puluh");
        if (rest % 10)
            out_word(o, digit_words[rest % 10]);
    }
}

/*
 * Trillions are the largest named scale on documents; larger values repeat it
 * ("seribu triliun"), as Indonesian prose does, rather than using rare words.
 */
static void out_terbilang(sbuf *o, uint64_t v)
{
    static const struct {
        uint64_t unit;
        const char *word;
    } scales[] = {{1000000000000ull, "triliun"}, {1000000000ull, "miliar"}, {1000000ull, "juta"}};
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        if (v >= scales[i].unit) {
            out_terbilang(o, v / scales[i].unit);
            out_word(o, scales[i].word);
            v %= scales[i].unit;
        }
    }
    if (v >= 1000) {
        unsigned th = (unsigned)(v / 1000);
        if (th == 1)
            out_word(o, "seribu");
        else {
            out_below_thousand(o, th);
            out_word(o, "ribu");
        }
        v %= 1000;
    }
    if (v > 0)
        out_below_thousand(o, (unsigned)v);
}

char *idfmt_terbilang_int(uint64_t v, char *buf, size_t cap)
{
    sbuf o;
    sbuf_init_fixed(&o, buf, cap);
    if (v == 0)
        out_word(&o, "nol");
    else
        out_terbilang(&o, v);
    return buf;
}

char *idfmt_terbilang_nilai(int64_t hundredths, char *buf, size_t cap)
{
    sbuf o;
    sbuf_init_fixed(&o, buf, cap);
    uint64_t a = magnitude(hundredths);
    if (hundredths < 0)
        out_word(&o, "minus");
    if (a / 100 == 0)
        out_word(&o, "nol");
    else
        out_terbilang(&o, a / 100);
    out_word(&o, "koma");
    out_word(&o, digit_words[a % 100 / 10]);
    out_word(&o, digit_words[a % 10]);
    return buf;
}

static const char *const month_names[13] = {
    "",     "Januari", "Februari",  "Maret",   "April",    "Mei",     "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember"};

static const char *const roman[13] = {"",    "I",    "II", "III", "IV", "V",  "VI",
                                      "VII", "VIII", "IX", "X",   "XI", "XII"};

const char *idfmt_bulan(int month)
{
    return month >= 1 && month <= 12 ? month_names[month] : "";
}

const char *idfmt_romawi(int month)
{
    return month >= 1 && month <= 12 ? roman[month] : "";
}

char *idfmt_tanggal(int year, int month, int day, char *buf, size_t cap)
{
    if (cap > 0)
        snprintf(buf, cap, "%d %s %d", day, idfmt_bulan(month), year);
    return buf;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static int parse_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int idfmt_parse_iso_date(const char *s, int *year, int *month, int *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = parse_digits(s, 4), m = parse_digits(s + 5, 2), d = parse_digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *year = y;
    *month = m;
    *day = d;
    return 0;
}

char *idfmt_upper(const char *s, char *buf, size_t cap)
{
    sbuf o;
    sbuf_init_fixed(&o, buf, cap);
    sbuf_puts(&o, s);
    for (size_t i = 0; i < o.len; i++) {
        if (buf[i] >= 'a' && buf[i] <= 'z')
            buf[i] = (char)(buf[i] - 'a' + 'A');
    }
    return buf;
}
