#include "read/csvtext.h"

#include <string.h>

#include "util/utf8.h"

/*
 * Header name as matched: lower case, without spaces, '_', '-', '/' and '.'. Line breaks go
 * too: Excel users wrap long headers ("Nilai<Alt+Enter>Akhir").
 */
void csvtext_normalise(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '_' || c == '-' || c == '/' ||
            c == '.')
            continue;
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[o] = '\0';
}

bool csvtext_strip_suffix(char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n <= k || strcmp(s + n - k, suffix) != 0)
        return false;
    s[n - k] = '\0';
    return true;
}

/*
 * Format characters (Unicode category Cf) and the line/paragraph separators (Zl, Zp): all
 * invisible, and the bidirectional ones print a name reversed.
 */
static bool is_invisible(uint32_t cp)
{
    return cp == 0x00AD || cp == 0x061C || cp == 0x06DD || cp == 0x070F || cp == 0x180E ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
}

/*
 * The first character of s[0..n) (valid UTF-8) that has no place in a name, or 0: control
 * characters (Cc) other than tab and line breaks (those are spaces, see is_blank), and the
 * invisible characters of is_invisible. *control tells which kind it is.
 */
uint32_t csvtext_hidden_char(const char *str, size_t n, bool *control)
{
    const unsigned char *s = (const unsigned char *)str;
    /* Nearly every name is printable ASCII: skip that without decoding (a unit name per row). */
    size_t i = 0;
    while (i < n && s[i] >= 0x20 && s[i] < 0x7F)
        i++;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (!len) { /* cannot happen on checked text; a stray byte is then itself */
            cp = s[i];
            len = 1;
        }
        i += len;
        if (cp == '\t' || cp == '\r' || cp == '\n')
            continue;
        *control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
        if (*control || is_invisible(cp))
            return cp ? cp : 0xFFFFFFFF;
    }
    return 0;
}

/* "9,2.0" is a malformed number; "1.234,50" and "1.234.567" are grouped thousands. */
bool csvtext_looks_grouped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '.' && s[i] != ',')
            continue;
        size_t d = 0;
        while (i + 1 + d < n && s[i + 1 + d] >= '0' && s[i + 1 + d] <= '9')
            d++;
        if (d == 3 && i + 1 + d < n && (s[i + 1 + d] == '.' || s[i + 1 + d] == ','))
            return true;
    }
    return false;
}

/* The separator used most often outside quotes on the first non-blank line. */
char csvtext_detect_separator(const char *s, size_t n)
{
    size_t i = 0, comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    while (i < n && (s[i] == '\r' || s[i] == '\n'))
        i++;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\r' || c == '\n')
            break;
        else if (c == ',')
            comma++;
        else if (c == ';')
            semi++;
        else if (c == '\t')
            tab++;
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

/* Excel writes a first line "sep=;" when asked to name the separator: returns its length. */
size_t csvtext_separator_hint(const char *p, size_t n, char *sep)
{
    if (n < 5 || memcmp(p, "sep=", 4) != 0 || (p[4] != ',' && p[4] != ';' && p[4] != '\t'))
        return 0;
    size_t k = 5;
    if (k < n && p[k] == '\r')
        k++;
    if (k < n && p[k] == '\n')
        k++;
    if (k == 5 && n > 5)
        return 0;
    *sep = p[4];
    return k;
}
