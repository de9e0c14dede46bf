#include "read/csvhash.h"

static void *hasher_main(void *arg)
{
    csvhash *h = arg;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (!h->busy && !h->quit)
            pthread_cond_wait(&h->cv, &h->mu);
        if (!h->busy)
            break;
        pthread_mutex_unlock(&h->mu);
        sha256_update(&h->ctx, h->len, h->buf);
        pthread_mutex_lock(&h->mu);
        h->busy = false;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/* threaded: hash on a thread of its own, beside the parsing; not worth it (a thread costs more
 * than hashing) for input of one chunk. */
void csvhash_start(csvhash *h, bool threaded)
{
    sha256_init(&h->ctx);
    h->busy = h->quit = false;
    h->threaded = false;
    if (!threaded)
        return;
    if (pthread_mutex_init(&h->mu, NULL) != 0)
        return;
    if (pthread_cond_init(&h->cv, NULL) != 0) {
        pthread_mutex_destroy(&h->mu);
        return;
    }
    h->threaded = pthread_create(&h->thread, NULL, hasher_main, h) == 0;
    if (!h->threaded) {
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
    }
}

/* Waits until the previous chunk is hashed: its buffer may then be overwritten. */
void csvhash_wait(csvhash *h)
{
    if (!h->threaded)
        return;
    pthread_mutex_lock(&h->mu);
    while (h->busy)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

/* Hashes buf[0..len), which must stay unchanged until the next hasher_wait. */
void csvhash_submit(csvhash *h, const void *buf, size_t len)
{
    if (!h->threaded) {
        sha256_update(&h->ctx, len, buf);
        return;
    }
    pthread_mutex_lock(&h->mu);
    h->buf = buf;
    h->len = len;
    h->busy = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

/* Ends the thread; hex (65 bytes) receives the digest unless it is NULL. */
void csvhash_finish(csvhash *h, char *hex)
{
    if (h->threaded) {
        csvhash_wait(h);
        pthread_mutex_lock(&h->mu);
        h->quit = true;
        pthread_cond_broadcast(&h->cv);
        pthread_mutex_unlock(&h->mu);
        pthread_join(h->thread, NULL);
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
        h->threaded = false;
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&h->ctx, sizeof digest, digest);
    if (!hex)
        return;
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}
