/*
 * csvhash.h - the SHA-256 of an input file, computed beside its parsing.
 *
 * A second thread hashes each chunk while the reader parses the same (read-only) bytes.
 * Nettle uses the CPU's SHA instructions where there are any (about 1.6 GB/s here, five
 * times libmd), so the thread is short and leaves the second core to the checks across rows.
 * Without a thread it hashes in line. The digest names the input in the outputs' records.
 */
#ifndef KP_CSVHASH_H
#define KP_CSVHASH_H

#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One file's hash in progress; its fields belong to csvhash.c (on the caller's stack). */
typedef struct csvhash {
    struct sha256_ctx ctx;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const uint8_t *buf;
    size_t len;
    bool busy, quit, threaded;
} csvhash;

/*
 * Starts a hash. threaded: on a thread of its own, beside the parsing (not worth it for input
 * of one chunk: a thread costs more than hashing it); when the thread cannot be made the hash
 * is computed in line, with the same result.
 */
void csvhash_start(csvhash *h, bool threaded);

/* Waits until the previous chunk is hashed: its buffer may then be overwritten. */
void csvhash_wait(csvhash *h);

/* Hashes buf[0..len), which must stay unchanged until the next csvhash_wait. */
void csvhash_submit(csvhash *h, const void *buf, size_t len);

/* Ends the thread; hex (65 bytes) receives the digest in lower-case hex unless it is NULL. */
void csvhash_finish(csvhash *h, char *hex);

#endif
