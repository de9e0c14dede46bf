#include "serve/katasandi.h"

#include <crypt.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *user;
    char *hash;
} entry;

/* Pairs accepted lately; a small ring, replaced oldest first. */
#define CACHE_SLOTS 32

struct katasandi {
    entry *items;
    size_t n;
    pthread_mutex_t lock;
    uint8_t cache[CACHE_SLOTS][SHA256_DIGEST_SIZE];
    bool cache_used[CACHE_SLOTS];
    size_t cache_next;
};

void katasandi_free(katasandi *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++) {
        free(k->items[i].user);
        free(k->items[i].hash);
    }
    free(k->items);
    pthread_mutex_destroy(&k->lock);
    free(k);
}

static bool name_ok(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == ':' || s[i] == 0x7F)
            return false;
    return true;
}

kp_status katasandi_load(const char *path, katasandi **out, kp_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return kp_error_errno(err, KP_ERR_DATA, path, errno, "berkas kata sandi", "dibaca");
    katasandi *k = calloc(1, sizeof *k);
    if (!k) {
        fclose(f);
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    pthread_mutex_init(&k->lock, NULL);
    kp_status st = KP_OK;
    char line[1024];
    int lineno = 0;
    size_t cap = 0;
    while (st == KP_OK && fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *colon = strchr(line, ':');
        /* A crypt(3) hash starts with "$id$"; anything else is a password typed by hand. */
        if (!colon || !name_ok(line, (size_t)(colon - line)) || colon[1] != '$') {
            st = kp_error_set(err, KP_ERR_DATA, path, lineno, 0,
                              "baris bukan 'nama:hash' (buat dengan: kepatuhan kata-sandi NAMA)");
            break;
        }
        if (k->n == cap) {
            cap = cap ? cap * 2 : 8;
            entry *ni = realloc(k->items, cap * sizeof *ni);
            if (!ni) {
                st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
                break;
            }
            k->items = ni;
        }
        *colon = '\0';
        k->items[k->n].user = strdup(line);
        k->items[k->n].hash = strdup(colon + 1);
        k->n++;
        if (!k->items[k->n - 1].user || !k->items[k->n - 1].hash)
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    }
    fclose(f);
    if (st == KP_OK && k->n == 0)
        st =
            kp_error_set(err, KP_ERR_DATA, path, 0, 0,
                         "tidak ada pengguna (buat dengan: kepatuhan kata-sandi NAMA >> %s)", path);
    if (st != KP_OK) {
        katasandi_free(k);
        return st;
    }
    *out = k;
    return KP_OK;
}

static void pair_digest(const char *user, const char *password, uint8_t *out)
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, strlen(user) + 1, (const uint8_t *)user);
    sha256_update(&c, strlen(password), (const uint8_t *)password);
    sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

/* Compares without stopping at the first difference, so time tells nothing of where. */
static bool same(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = la != lb;
    for (size_t i = 0; i < la && i < lb; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

bool katasandi_check(katasandi *k, const char *user, const char *password)
{
    uint8_t dg[SHA256_DIGEST_SIZE];
    pair_digest(user, password, dg);
    pthread_mutex_lock(&k->lock);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (k->cache_used[i] && memcmp(k->cache[i], dg, sizeof dg) == 0) {
            pthread_mutex_unlock(&k->lock);
            return true;
        }
    }
    pthread_mutex_unlock(&k->lock);

    const entry *e = NULL;
    for (size_t i = 0; i < k->n && !e; i++)
        if (strcmp(k->items[i].user, user) == 0)
            e = &k->items[i];
    /* An unknown name costs a hash too, so that time does not tell which names exist. */
    const char *setting = e ? e->hash : k->items[0].hash;
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return false;
    const char *h = crypt_rn(password, setting, cd, (int)sizeof *cd);
    bool ok = e && h && h[0] != '*' && same(h, e->hash);
    free(cd);
    if (ok) {
        pthread_mutex_lock(&k->lock);
        memcpy(k->cache[k->cache_next], dg, sizeof dg);
        k->cache_used[k->cache_next] = true;
        k->cache_next = (k->cache_next + 1) % CACHE_SLOTS;
        pthread_mutex_unlock(&k->lock);
    }
    return ok;
}

kp_status katasandi_line(const char *user, const char *password, char *out, size_t cap,
                         kp_error *err)
{
    if (!name_ok(user, strlen(user)))
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "NAMA tidak sah: '%s' (tidak boleh kosong, berisi ':' atau karakter "
                            "kendali)",
                            user);
    if (!password[0])
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "kata sandi kosong");
    /* yescrypt is libxcrypt's default and the slowest to guess; SHA-512 where it is not. */
    static const char *const prefixes[] = {"$y$", "$6$"};
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    kp_status st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0,
                                "libcrypt tidak menyediakan yescrypt maupun SHA-512");
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        char setting[CRYPT_GENSALT_OUTPUT_SIZE];
        if (!crypt_gensalt_rn(prefixes[i], 0, NULL, 0, setting, (int)sizeof setting))
            continue;
        const char *h = crypt_rn(password, setting, cd, (int)sizeof *cd);
        if (!h || h[0] == '*')
            continue;
        if (snprintf(out, cap, "%s:%s", user, h) >= (int)cap) {
            st = kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0, "NAMA terlalu panjang");
            break;
        }
        kp_error_clear(err);
        st = KP_OK;
        break;
    }
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return st;
}
