/*
 * Fuzzes the verification-code parser: `kepatuhan verifikasi KODE` hands it whatever was
 * typed or scanned (with or without dashes and spaces, a whole link), so any bytes must end in
 * a code or a KP_ERR_USAGE with a message, never in a crash. The result is also checked
 * against a plain restatement of the documented rules (kodeverif.h), and an accepted code must
 * parse back to itself from every form the program prints or encodes: bare, dashed, lower
 * case, and inside a link built the way the QR code's URL is.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/kodeverif.h"

static const char ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/*
 * The rules of kodeverif.h: what follows the last '#' (if any), dashes, spaces and tabs
 * dropped, case ignored, O read as 0, I and L as 1, exactly 16 symbols of the alphabet.
 */
static int reference(const char *typed, char out[KODEVERIF_LEN + 1])
{
    const char *hash = strrchr(typed, '#');
    size_t n = 0;
    for (const char *p = hash ? hash + 1 : typed; *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ' || c == '\t')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        c = c == 'O' ? '0' : c == 'I' || c == 'L' ? '1' : c;
        if (!strchr(ALPHABET, c) || n == KODEVERIF_LEN)
            return 0;
        out[n++] = c;
    }
    out[n] = '\0';
    return n == KODEVERIF_LEN;
}

static void must_parse_to(const char *typed, const char *code)
{
    char out[KODEVERIF_LEN + 1];
    kp_error err;
    if (kodeverif_parse(typed, out, &err) != KP_OK || strcmp(out, code) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The command line gives a C string: the input up to its first NUL. */
    char *typed = malloc(size + 1);
    if (!typed)
        return 0;
    memcpy(typed, data, size);
    typed[size] = '\0';

    char out[KODEVERIF_LEN + 1], want[KODEVERIF_LEN + 1];
    kp_error err;
    kp_error_clear(&err);
    kp_status st = kodeverif_parse(typed, out, &err);
    int ok = reference(typed, want);
    free(typed);
    if (st != KP_OK) {
        if (ok || st != KP_ERR_USAGE || strncmp(err.msg, "kode verifikasi tidak sah: ", 27) != 0)
            abort();
        return 0;
    }
    if (!ok || strcmp(out, want) != 0)
        abort();

    /* Every printed or encoded form of the code reads back as the same code. */
    must_parse_to(out, out);
    char dashed[KODEVERIF_TEXT];
    kodeverif_format(out, dashed);
    must_parse_to(dashed, out);
    char lower[KODEVERIF_TEXT];
    for (size_t i = 0; i < sizeof lower; i++)
        lower[i] = dashed[i] >= 'A' && dashed[i] <= 'Z' ? (char)(dashed[i] - 'A' + 'a') : dashed[i];
    must_parse_to(lower, out);
    kodeverif_fakta f = {"piagam", 2023, "Pemerintah Kota Banjarbaru", "", 9200, "A", "", "", ""};
    char link[256];
    if (kodeverif_qr_text("https://contoh.go.id/verifikasi/#{kode}", dashed, &f, link, sizeof link,
                          &err) != KP_OK)
        abort();
    must_parse_to(link, out);
    return 0;
}
