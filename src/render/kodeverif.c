#include "render/kodeverif.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "util/idfmt.h"

/* Crockford's alphabet: no I, L, O, U, so that a code read aloud or typed survives. */
static const char ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Bumped if the encoding ever changes: old codes then simply stop verifying. */
static const char VERSION_TAG[] = "kepatuhan-kodeverif-1";

kp_status kodeverif_key_load(const char *path, kodeverif_key *out, kp_error *err)
{
    out->len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas kunci", "dibuka");
    struct stat sb;
    kp_status st = KP_OK;
    if (fstat(fd, &sb) != 0)
        st = kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas kunci", "dibaca");
    else if (!S_ISREG(sb.st_mode))
        st = kp_error_set(err, KP_ERR_DATA, path, 0, 0, "kunci harus berkas biasa");
    else if (sb.st_mode & 077)
        /* A key others can read is a key others can sign with. */
        st = kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                          "berkas kunci terbuka untuk pengguna lain (mode %04o); jalankan "
                          "'chmod 600 %s'",
                          (unsigned)(sb.st_mode & 07777), path);
    size_t len = 0;
    while (st == KP_OK) {
        ssize_t n = read(fd, out->bytes + len, sizeof out->bytes - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas kunci", "dibaca");
            break;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len == sizeof out->bytes) {
            char extra;
            if (read(fd, &extra, 1) > 0)
                st = kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                                  "berkas kunci lebih dari %d bita: bukan berkas kunci",
                                  KODEVERIF_KEY_MAX);
            break;
        }
    }
    close(fd);
    if (st == KP_OK && len < KODEVERIF_KEY_MIN)
        st = kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                          "kunci terlalu pendek: %zu bita, paling sedikit %d; buat dengan "
                          "'kepatuhan kunci-baru BERKAS'",
                          len, KODEVERIF_KEY_MIN);
    if (st != KP_OK) {
        memset(out->bytes, 0, sizeof out->bytes);
        return st;
    }
    out->len = len;
    hmac_sha256_set_key(&out->mac, out->len, out->bytes);
    return KP_OK;
}

void kodeverif_key_set(kodeverif_key *out, const uint8_t *bytes, size_t len)
{
    memmove(out->bytes, bytes, len); /* bytes may be out->bytes */
    out->len = len;
    hmac_sha256_set_key(&out->mac, out->len, out->bytes);
}

kp_status kodeverif_key_create(const char *path, kp_error *err)
{
    uint8_t key[32];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t n = getrandom(key + got, sizeof key - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return kp_error_errno(err, KP_ERR_IO, path, errno, "bilangan acak", "diambil");
        got += (size_t)n;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        memset(key, 0, sizeof key);
        if (e == EEXIST)
            return kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                                "berkas sudah ada; kunci lama tidak ditimpa");
        return kp_error_errno(err, KP_ERR_IO, path, e, "berkas kunci", "dibuat");
    }
    /* The umask may have taken bits away, never added any: 0600 exactly, whatever it is. */
    bool ok = fchmod(fd, 0600) == 0;
    size_t done = 0;
    while (ok && done < sizeof key) {
        ssize_t n = write(fd, key + done, sizeof key - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok)
            done += (size_t)n;
    }
    int saved = errno;
    ok = ok && fsync(fd) == 0;
    if (!ok)
        saved = errno;
    ok = close(fd) == 0 && ok;
    memset(key, 0, sizeof key);
    if (!ok) {
        unlink(path);
        return kp_error_errno(err, KP_ERR_IO, path, saved ? saved : EIO, "berkas kunci", "ditulis");
    }
    return KP_OK;
}

/* Appends one netstring "<len>:<bytes>," to out. False when it does not fit. */
static bool put_field(uint8_t *out, size_t cap, size_t *len, const char *s, size_t n)
{
    char head[24];
    int h = snprintf(head, sizeof head, "%zu:", n);
    if (h < 0 || *len + (size_t)h + n + 1 > cap)
        return false;
    memcpy(out + *len, head, (size_t)h);
    *len += (size_t)h;
    memcpy(out + *len, s, n);
    *len += n;
    out[(*len)++] = ',';
    return true;
}

kp_status kodeverif_encode(const kodeverif_fakta *f, uint8_t *out, size_t cap, size_t *len,
                           kp_error *err)
{
    char tahun[16], nilai[24];
    snprintf(tahun, sizeof tahun, "%d", f->tahun);
    snprintf(nilai, sizeof nilai, "%lld", f->nilai);
    const char *parts[] = {VERSION_TAG, f->jenis,    tahun,    f->instansi, f->unit,
                           nilai,       f->kategori, f->hasil, f->gerbang,  f->nomor};
    *len = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *p = parts[i] ? parts[i] : "";
        if (!put_field(out, cap, len, p, strlen(p)))
            return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0,
                                "fakta dokumen terlalu panjang untuk kode verifikasi");
    }
    return KP_OK;
}

kp_status kodeverif_code(const kodeverif_key *key, const kodeverif_fakta *f,
                         char out[KODEVERIF_TEXT], kp_error *err)
{
    uint8_t msg[4096];
    size_t len;
    kp_status st = kodeverif_encode(f, msg, sizeof msg, &len, err);
    if (st != KP_OK)
        return st;
    struct hmac_sha256_ctx c = key->mac;
    hmac_sha256_update(&c, len, msg);
    uint8_t mac[SHA256_DIGEST_SIZE];
    hmac_sha256_digest(&c, sizeof mac, mac);
    /* 16 characters of 5 bits are the first 80 bits (10 bytes) of the MAC, big-endian. */
    char code[KODEVERIF_LEN + 1];
    unsigned acc = 0;
    int bits = 0;
    size_t k = 0;
    for (size_t i = 0; i < 10; i++) {
        acc = (acc << 8) | mac[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            code[k++] = ALPHABET[(acc >> bits) & 31];
        }
    }
    code[k] = '\0';
    kodeverif_format(code, out);
    return KP_OK;
}

void kodeverif_format(const char *code16, char out[KODEVERIF_TEXT])
{
    size_t k = 0;
    for (size_t i = 0; i < KODEVERIF_LEN; i++) {
        if (i && i % 4 == 0)
            out[k++] = '-';
        out[k++] = code16[i];
    }
    out[k] = '\0';
}

/* The value of a typed character in the alphabet, with Crockford's aliases; -1 if none. */
static int symbol(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        c = (unsigned char)(c - 'a' + 'A');
    if (c == 'O')
        c = '0';
    else if (c == 'I' || c == 'L')
        c = '1';
    const char *p = c ? strchr(ALPHABET, c) : NULL;
    return p ? (int)(p - ALPHABET) : -1;
}

kp_status kodeverif_parse(const char *typed, char out[KODEVERIF_LEN + 1], kp_error *err)
{
    /* A scanned link "https://.../verifikasi/#7K2M-..." carries the code after its '#'. */
    const char *hash = strrchr(typed, '#');
    const char *p = hash ? hash + 1 : typed;
    size_t n = 0;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '-' || c == ' ' || c == '\t')
            continue;
        int v = symbol(c);
        if (v < 0) {
            if (c >= 0x21 && c < 0x7f)
                return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                                    "kode verifikasi tidak sah: karakter '%c' tidak dipakai "
                                    "dalam kode (0-9 dan A-Z tanpa I, L, O, U)",
                                    c);
            return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                                "kode verifikasi tidak sah: karakter 0x%02X tidak dipakai dalam "
                                "kode (0-9 dan A-Z tanpa I, L, O, U)",
                                c);
        }
        if (n == KODEVERIF_LEN)
            return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                                "kode verifikasi tidak sah: lebih dari %d karakter", KODEVERIF_LEN);
        out[n++] = ALPHABET[v];
    }
    out[n] = '\0';
    if (n != KODEVERIF_LEN)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "kode verifikasi tidak sah: %zu karakter, seharusnya %d "
                            "(XXXX-XXXX-XXXX-XXXX)",
                            n, KODEVERIF_LEN);
    return KP_OK;
}

kp_status kodeverif_qr_text(const char *url, const char *code, const kodeverif_fakta *f, char *out,
                            size_t cap, kp_error *err)
{
    int n;
    if (url && url[0]) {
        const char *at = strstr(url, "{kode}");
        if (!at)
            n = snprintf(out, cap, "%s", url);
        else
            n = snprintf(out, cap, "%.*s%s%s", (int)(at - url), url, code, at + strlen("{kode}"));
    } else {
        /*
         * Without a page to point to, the code itself says what it vouches for: the code, the
         * kind and year, whose document it is and the score (with the category letter where
         * the method has one). No predikat and no letter number: they follow from the score
         * or are printed on the paper, and every byte makes the symbol bigger, its modules
         * smaller on the page and the run slower (docs/PERFORMANCE.md, issue 21). The first
         * line is in capitals so that it is encoded at 5,5 bits a character (qrsimbol.c).
         */
        char nilai[32];
        idfmt_nilai(f->nilai, nilai, sizeof nilai);
        const char *jenis = !strcmp(f->jenis, "piagam")  ? "Piagam"
                            : !strcmp(f->jenis, "surat") ? "Surat"
                                                         : "Rapor";
        n = snprintf(out, cap, "KODE VERIFIKASI %s\n%s %d\n%s%s%s\n%s%s%s%s", code, jenis, f->tahun,
                     f->unit[0] ? f->unit : "", f->unit[0] ? ", " : "", f->instansi, nilai,
                     f->kategori[0] ? " (" : "", f->kategori, f->kategori[0] ? ")" : "");
    }
    if (n < 0 || (size_t)n >= cap)
        return kp_error_set(err, KP_ERR_DATA, NULL, 0, 0, "isi kode QR terlalu panjang");
    return KP_OK;
}
