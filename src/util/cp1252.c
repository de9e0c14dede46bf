#include "util/cp1252.h"

#include "util/utf8.h"

/* Unicode code points of CP1252 bytes 0x80..0x9F (0 = undefined byte). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static int byte_of(uint32_t cp)
{
    if (cp == '\n' || (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] && cp1252_high[i] == cp)
            return 0x80 + i;
    return -1;
}

uint32_t cp1252_unprintable(const char *utf8)
{
    for (const unsigned char *s = (const unsigned char *)utf8; *s;) {
        if (*s >= 0x20 && *s < 0x7F) {
            s++;
            continue;
        }
        uint32_t cp;
        /* n = UTF8_MAX is safe on a NUL-terminated string: the NUL is no continuation byte,
         * so decoding stops at it. */
        size_t n = utf8_decode(s, UTF8_MAX, &cp);
        if (n == 0)
            return 0xFFFD;
        if (byte_of(cp) < 0)
            return cp;
        s += n;
    }
    return 0;
}

kp_status cp1252_encode(const char *utf8, char *out, size_t cap, kp_error *err)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t o = 0;
    while (*s) {
        uint32_t cp;
        size_t n = utf8_decode(s, UTF8_MAX, &cp);
        if (n == 0)
            return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "UTF-8 tidak sah dalam \"%.200s\"",
                                utf8);
        int b = byte_of(cp);
        if (b < 0)
            return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0,
                                "karakter U+%04X tidak dapat dicetak (di luar CP1252) dalam "
                                "\"%.200s\"",
                                (unsigned)cp, utf8);
        if (o + 1 >= cap)
            return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "teks terlalu panjang: \"%.60s...\"",
                                utf8);
        out[o++] = (char)b;
        s += n;
    }
    out[o] = '\0';
    return KP_OK;
}

uint32_t cp1252_code_point(unsigned char b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_high[b - 0x80] : b;
}

void cp1252_to_pdfdoc(char *s)
{
    static const struct {
        unsigned char from, to;
    } map[] = {
        {0x80, 0xA0}, {0x95, 0x80}, {0x86, 0x81}, {0x87, 0x82}, {0x85, 0x83}, {0x97, 0x84},
        {0x96, 0x85}, {0x83, 0x86}, {0x8B, 0x88}, {0x9B, 0x89}, {0x89, 0x8B}, {0x84, 0x8C},
        {0x93, 0x8D}, {0x94, 0x8E}, {0x91, 0x8F}, {0x92, 0x90}, {0x82, 0x91}, {0x99, 0x92},
        {0x8C, 0x96}, {0x8A, 0x97}, {0x9F, 0x98}, {0x8E, 0x99}, {0x9C, 0x9C}, {0x9A, 0x9D},
        {0x9E, 0x9E}, {0x88, '^'},  {0x98, '~'},
    };
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p == 0xA0) {
            *p = ' ';
            continue;
        }
        if (*p < 0x80 || *p > 0x9F)
            continue;
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (map[i].from == *p) {
                *p = map[i].to;
                break;
            }
    }
}
