#include "model/names.h"

#include <string.h>

#include "util/sbuf.h"
#include "util/utf8.h"

static const char *const jenis_str[JENIS_COUNT] = {
    "", "kementerian", "lembaga", "provinsi", "kabupaten", "kota", "vertikal"};
static const char *const jenis_label[JENIS_COUNT] = {
    "", "Kementerian", "Lembaga", "Provinsi", "Kabupaten", "Kota", "Instansi Vertikal"};

const char *names_jenis_str(names_jenis j)
{
    return (unsigned)j < JENIS_COUNT ? jenis_str[j] : "";
}

const char *names_jenis_label(names_jenis j)
{
    return (unsigned)j < JENIS_COUNT ? jenis_label[j] : "";
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool eq_nocase(const char *a, size_t na, const char *b)
{
    size_t nb = strlen(b);
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return false;
    return true;
}

bool names_jenis_parse(const char *s, names_jenis *out)
{
    size_t i = 0, n = strlen(s);
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (int j = 1; j < JENIS_COUNT; j++) {
        if (eq_nocase(s + i, n - i, jenis_str[j])) {
            *out = (names_jenis)j;
            return true;
        }
    }
    /* How the Perwakilan's own lists name them. */
    if (eq_nocase(s + i, n - i, "instansi vertikal") ||
        eq_nocase(s + i, n - i, "kantor vertikal")) {
        *out = JENIS_VERTIKAL;
        return true;
    }
    return false;
}

/* Length of a whitespace character at s (ASCII blank or the NBSP Excel copies from the web). */
static size_t space_len(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    return 0;
}

/*
 * Prefixes that say what an instansi is, matched case-insensitively on the space-collapsed
 * name. Longer forms come first so that "Pemerintah Kota" wins over nothing and "Kab." over
 * "Kab". Kementerian/lembaga prefixes are handled apart: they are kept as words of the name.
 */
static const struct prefix {
    const char *text;
    names_jenis j;
} prefixes[] = {
    {"pemerintah kabupaten ", JENIS_KABUPATEN},
    {"pemerintah kab. ", JENIS_KABUPATEN},
    {"pemerintah kab ", JENIS_KABUPATEN},
    {"pemerintah kota ", JENIS_KOTA},
    {"pemerintah provinsi ", JENIS_PROVINSI},
    {"pemerintah prov. ", JENIS_PROVINSI},
    {"kabupaten ", JENIS_KABUPATEN},
    {"kab. ", JENIS_KABUPATEN},
    {"kab.", JENIS_KABUPATEN},
    {"kab ", JENIS_KABUPATEN},
    {"pemkab ", JENIS_KABUPATEN},
    {"pemkot ", JENIS_KOTA},
    {"kota ", JENIS_KOTA},
    {"pemprov ", JENIS_PROVINSI},
    {"provinsi ", JENIS_PROVINSI},
    {"prov. ", JENIS_PROVINSI},
    {"prov.", JENIS_PROVINSI},
    {"prov ", JENIS_PROVINSI},
};

static bool starts_nocase(const char *s, size_t n, const char *p)
{
    size_t np = strlen(p);
    if (n < np)
        return false;
    for (size_t i = 0; i < np; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)p[i])
            return false;
    return true;
}

/* Words that stay upper case when an all-caps name is title-cased. */
static const char *const keep_upper[] = {"dki",  "diy", "di",   "ri",    "ntb",  "ntt",
                                         "bps",  "bpn", "bpom", "bumn",  "bumd", "sdm",
                                         "umkm", "ham", "tni",  "polri", "rsud"};

/* Words that stay lower case inside a title-cased name. */
static const char *const keep_lower[] = {"dan", "atau", "dari",  "untuk", "yang",
                                         "ke",  "pada", "serta", "dengan"};

static bool in_list(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (eq_nocase(w, n, list[i]))
            return true;
    return false;
}

/* A roman numeral of the kind names use ("Kabupaten Lima Puluh Kota II"): I, V, X, L only. */
static bool is_roman(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int c = upper((unsigned char)w[i]);
        if (c != 'I' && c != 'V' && c != 'X' && c != 'L')
            return false;
    }
    return n > 0;
}

/*
 * Title case for one word of a name written all in one case. Letters after '-', '(' and '/'
 * start a new part ("Bau-Bau").
 */
static void title_word(sbuf *b, const char *w, size_t n, bool first)
{
    char tmp[256];
    if (n > sizeof tmp) {
        sbuf_put(b, w, n);
        return;
    }
    if (in_list(w, n, keep_upper, sizeof keep_upper / sizeof *keep_upper) || is_roman(w, n)) {
        for (size_t i = 0; i < n; i++)
            tmp[i] = (char)upper((unsigned char)w[i]);
    } else if (!first && in_list(w, n, keep_lower, sizeof keep_lower / sizeof *keep_lower)) {
        for (size_t i = 0; i < n; i++)
            tmp[i] = (char)lower((unsigned char)w[i]);
    } else {
        bool start = true;
        for (size_t i = 0; i < n; i++) {
            int c = (unsigned char)w[i];
            tmp[i] = (char)(start ? upper(c) : lower(c));
            if (is_alpha(c) || is_digit(c) || c >= 0x80)
                start = false;
            else if (c == '-' || c == '(' || c == '/')
                start = true;
        }
    }
    sbuf_put(b, tmp, n);
}

/* Copies s (n bytes) collapsing runs of spaces into one and trimming both ends. */
static size_t collapse(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    bool pending = false;
    for (size_t i = 0; i < n && o + 1 < cap;) {
        size_t sl = space_len((const unsigned char *)s + i);
        if (sl) {
            pending = o > 0;
            i += sl;
            continue;
        }
        if (pending) {
            out[o++] = ' ';
            pending = false;
            if (o + 1 >= cap)
                break;
        }
        out[o++] = s[i++];
    }
    /* A cut in the middle of a character would leave invalid UTF-8. */
    o = utf8_complete_prefix(out, o);
    out[o] = '\0';
    return o;
}

/* Writes the words of s, title-cased when the name is written all in one case. */
static void put_words(sbuf *b, const char *s, size_t n, bool first_is_start)
{
    bool has_up = false, has_low = false;
    for (size_t i = 0; i < n; i++) {
        has_up |= s[i] >= 'A' && s[i] <= 'Z';
        has_low |= s[i] >= 'a' && s[i] <= 'z';
    }
    if (has_up && has_low) {
        sbuf_put(b, s, n);
        return;
    }
    size_t i = 0;
    bool first = first_is_start;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        title_word(b, s + i, j - i, first);
        first = false;
        if (j < n)
            sbuf_put(b, " ", 1);
        i = j + 1;
    }
}

/*
 * The words names_canonical puts in front of the name (a jenis label, or none) and where the
 * name's own words start in tmp, the space-collapsed name of n bytes. Returns the jenis the
 * name itself says. Only cases change after this, so the matching key needs no more.
 */
static names_jenis split_prefix(const char *tmp, size_t n, names_jenis hint, names_jenis *label,
                                size_t *skip)
{
    *label = JENIS_NONE;
    *skip = 0;
    int c0 = n ? lower((unsigned char)tmp[0]) : 0;
    /* Every prefix starts with 'p' or 'k': most unit names skip the whole table. */
    for (size_t i = 0; (c0 == 'p' || c0 == 'k') && i < sizeof prefixes / sizeof *prefixes; i++) {
        const char *p = prefixes[i].text;
        if (p[0] == c0 && starts_nocase(tmp, n, p) && n > strlen(p)) {
            size_t k = strlen(p);
            while (k < n && tmp[k] == ' ')
                k++;
            *label = prefixes[i].j;
            *skip = k;
            return prefixes[i].j;
        }
    }
    if (c0 == 'k' &&
        (starts_nocase(tmp, n, "kementerian ") || starts_nocase(tmp, n, "kementrian "))) {
        /* The common misspelling "Kementrian" would otherwise split one ministry in two. */
        *label = JENIS_KEMENTERIAN;
        *skip = tmp[6] == 'e' || tmp[6] == 'E' ? 12 : 11;
        return JENIS_KEMENTERIAN;
    }
    if (hint == JENIS_PROVINSI || hint == JENIS_KABUPATEN || hint == JENIS_KOTA)
        *label = hint;
    if (hint == JENIS_NONE &&
        (starts_nocase(tmp, n, "badan ") || starts_nocase(tmp, n, "lembaga ")))
        return JENIS_LEMBAGA;
    return JENIS_NONE;
}

bool names_canonical(const char *raw, names_jenis hint, char *out, size_t cap, names_jenis *derived)
{
    char tmp[1024];
    size_t n = collapse(raw, strlen(raw), tmp, sizeof tmp);
    sbuf b;
    sbuf_init_fixed(&b, out, cap);
    names_jenis label;
    size_t skip;
    names_jenis d = split_prefix(tmp, n, hint, &label, &skip);
    if (label != JENIS_NONE) {
        const char *text = names_jenis_label(label);
        sbuf_put(&b, text, strlen(text));
        sbuf_put(&b, " ", 1);
        put_words(&b, tmp + skip, n - skip, false);
    } else {
        put_words(&b, tmp, n, true);
    }
    if (derived)
        *derived = d;
    return !b.failed;
}

/* ASCII letters for the Latin-1 range U+00C0..U+00FF (UTF-8 C3 80..C3 BF); "" = not a letter. */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

/*
 * The ASCII folding of the character at s (its length in *len): a lower-case letter or digit,
 * a Latin-1 letter without its accent, or "" for anything else (punctuation, other scripts).
 */
static const char *fold_char(const unsigned char *s, size_t *len)
{
    static const char ascii[128][2] = {
#define R(c) [c] = {c, 0}
        R('0'), R('1'), R('2'), R('3'), R('4'), R('5'), R('6'), R('7'), R('8'),
        R('9'), R('a'), R('b'), R('c'), R('d'), R('e'), R('f'), R('g'), R('h'),
        R('i'), R('j'), R('k'), R('l'), R('m'), R('n'), R('o'), R('p'), R('q'),
        R('r'), R('s'), R('t'), R('u'), R('v'), R('w'), R('x'), R('y'), R('z'),
#undef R
    };
    /* A NUL-terminated name: the decoder stops at the NUL, a continuation byte it is not. A
     * stray byte counts as one, so loops always advance. */
    uint32_t cp;
    *len = utf8_decode(s, UTF8_MAX, &cp);
    if (*len == 0)
        *len = 1;
    if (s[0] < 0x80) {
        int c = lower(s[0]);
        return ascii[c][0] ? ascii[c] : "";
    }
    if (*len == 2 && s[0] == 0xC3)
        return latin1_fold[s[1] - 0x80];
    return "";
}

/*
 * Whether a character outside ASCII and Latin-1 is part of a name's identity: a letter or a
 * digit of any script. Without a Unicode database this is the complement of the blocks that
 * hold no letters: punctuation, symbols, currency, arrows, box drawing, emoji, combining
 * marks (accents, which keys fold away), variation selectors and private use. A letter
 * inside a symbol block (U+2102 ℂ) is taken as a symbol; names do not use them.
 */
static bool word_cp(uint32_t cp)
{
    static const struct {
        uint32_t lo, hi;
    } none[] = {
        {0x0080, 0x00BF},   {0x00D7, 0x00D7},   {0x00F7, 0x00F7},    {0x0300, 0x036F},
        {0x2000, 0x2BFF},   {0x2E00, 0x2E7F},   {0x3000, 0x303F},    {0xD800, 0xF8FF},
        {0xFE00, 0xFE0F},   {0xFE10, 0xFE1F},   {0xFE30, 0xFE6F},    {0xFF00, 0xFF0F},
        {0xFF1A, 0xFF20},   {0xFF3B, 0xFF40},   {0xFF5B, 0xFF65},    {0xFFF0, 0xFFFF},
        {0x1F000, 0x1FAFF}, {0xE0000, 0xE01EF}, {0xF0000, 0x10FFFF},
    };
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if (cp >= none[i].lo && cp <= none[i].hi)
            return false;
    return true;
}

/* Lower case for the cased scripts names use beyond Latin-1: Latin Extended-A, Greek and
 * Cyrillic; other scripts are left as they are (most have no case). */
static uint32_t lower_cp(uint32_t cp)
{
    if ((cp >= 0x0100 && cp <= 0x0137) || (cp >= 0x014A && cp <= 0x0177))
        return cp | 1u;
    if (cp >= 0x0139 && cp <= 0x0148)
        return cp + (cp & 1u);
    if ((cp >= 0x0391 && cp <= 0x03A9) || (cp >= 0x0410 && cp <= 0x042F))
        return cp + 0x20;
    if (cp >= 0x0400 && cp <= 0x040F)
        return cp + 0x50;
    return cp;
}

bool names_has_word(const char *name, size_t n)
{
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0)
            return false;
        if (word_cp(cp))
            return true;
        i += len;
    }
    return false;
}

/*
 * ASCII bytes as the key and the slug see them: a lower-case letter or digit, ' ' for a
 * space, 0 for punctuation. The same as fold_char and space_len, without a call per byte:
 * keys of a million-row file's names are computed on the reading path.
 */
static const char fold_ascii[128] = {
#define L(c) [c] = c, [c - 32] = c
    L('a'),      L('b'),       L('c'),       L('d'),       L('e'), L('f'), L('g'), L('h'), L('i'),
    L('j'),      L('k'),       L('l'),       L('m'),       L('n'), L('o'), L('p'), L('q'), L('r'),
    L('s'),      L('t'),       L('u'),       L('v'),       L('w'), L('x'), L('y'), L('z'),
#undef L
#define D(c) [c] = c
    D('0'),      D('1'),       D('2'),       D('3'),       D('4'), D('5'), D('6'), D('7'), D('8'),
    D('9'),
#undef D
    [' '] = ' ', ['\t'] = ' ', ['\r'] = ' ', ['\n'] = ' ',
};

void names_key(const char *name, char *out, size_t cap)
{
    /* The canonical name without its case changes, which the key folds away anyway. */
    char tmp[1024], canon[1024];
    size_t n = collapse(name, strlen(name), tmp, sizeof tmp);
    names_jenis label;
    size_t skip;
    split_prefix(tmp, n, JENIS_NONE, &label, &skip);
    sbuf c;
    sbuf_init_fixed(&c, canon, sizeof canon);
    if (label != JENIS_NONE) {
        const char *text = names_jenis_label(label);
        sbuf_put(&c, text, strlen(text));
        sbuf_put(&c, " ", 1);
    }
    sbuf_put(&c, tmp + skip, n - skip);

    sbuf b;
    sbuf_init_fixed(&b, out, cap);
    bool pending = false;
    const unsigned char *s = (const unsigned char *)canon;
    char other[UTF8_MAX + 1];
    while (*s && !b.failed) {
        size_t len = 1;
        char one[2] = {0, 0};
        const char *f = one;
        if (*s < 0x80) {
            one[0] = fold_ascii[*s];
        } else if (space_len(s)) {
            one[0] = ' ';
            len = 2;
        } else {
            f = fold_char(s, &len);
            uint32_t cp;
            /* Other scripts keep their letters (lower case where they have one): keys of
             * "Город" and "Деревня" differ, as the names do. */
            if (!*f && len > 1 && utf8_decode(s, len, &cp) == len && word_cp(cp)) {
                size_t m = utf8_encode(lower_cp(cp), other);
                other[m] = '\0';
                f = other;
            }
        }
        s += len;
        if (*f == ' ') {
            pending = b.len > 0;
            continue;
        }
        if (!*f)
            continue;
        if (pending) {
            if (b.len + 2 <= b.cap)
                b.p[b.len++] = ' ';
            else
                sbuf_put(&b, " ", 1);
        }
        pending = false;
        if (!f[1] && b.len + 2 <= b.cap)
            b.p[b.len++] = f[0];
        else
            sbuf_put(&b, f, strlen(f));
    }
    if (b.cap)
        b.p[b.len] = '\0';
}

static bool is_local(names_jenis j)
{
    return j == JENIS_PROVINSI || j == JENIS_KABUPATEN || j == JENIS_KOTA;
}

void names_formal(const char *canonical, names_jenis j, char *out, size_t cap)
{
    sbuf b;
    sbuf_init_fixed(&b, out, cap);
    names_jenis d = JENIS_NONE;
    size_t n = strlen(canonical);
    if (starts_nocase(canonical, n, "kabupaten "))
        d = JENIS_KABUPATEN;
    else if (starts_nocase(canonical, n, "kota "))
        d = JENIS_KOTA;
    else if (starts_nocase(canonical, n, "provinsi "))
        d = JENIS_PROVINSI;
    if (is_local(d) || is_local(j))
        sbuf_put(&b, "Pemerintah ", 11);
    if (!is_local(d) && is_local(j)) {
        const char *label = names_jenis_label(j);
        sbuf_put(&b, label, strlen(label));
        sbuf_put(&b, " ", 1);
    }
    sbuf_put(&b, canonical, n);
}

void names_place(const char *canonical, char *out, size_t cap)
{
    static const char *const local[] = {"kabupaten ", "kota ", "provinsi "};
    size_t n = strlen(canonical), skip = 0;
    for (size_t i = 0; i < 3; i++) {
        if (starts_nocase(canonical, n, local[i]) && n > strlen(local[i])) {
            skip = strlen(local[i]);
            break;
        }
    }
    sbuf b;
    sbuf_init_fixed(&b, out, cap);
    sbuf_put(&b, canonical + skip, n - skip);
}

#define SLUG_MAX 100

void names_slug(const char *name, char *out, size_t cap)
{
    if (cap == 0)
        return;
    size_t limit = cap - 1 < SLUG_MAX ? cap - 1 : SLUG_MAX;
    size_t o = 0;
    bool dash = false;
    const unsigned char *s = (const unsigned char *)name;
    while (*s) {
        size_t len = 1;
        char one[2] = {0, 0};
        const char *f = one;
        if (*s < 0x80 && fold_ascii[*s] != ' ')
            one[0] = fold_ascii[*s];
        else if (*s >= 0x80)
            f = fold_char(s, &len);
        s += len;
        if (!*f) {
            dash = o > 0;
            continue;
        }
        size_t fl = f[1] ? strlen(f) : 1;
        if (o + (dash ? 1 : 0) + fl > limit)
            break;
        if (dash)
            out[o++] = '-';
        dash = false;
        memcpy(out + o, f, fl);
        o += fl;
    }
    if (o == 0) {
        const char *dflt = "instansi";
        o = strlen(dflt) < limit ? strlen(dflt) : limit;
        memcpy(out, dflt, o);
    }
    out[o] = '\0';
}
