/*
 * fuzz_memfile.h - the input file of a fuzz target, in memory: a memfd created once per
 * process (LLVMFuzzerInitialize) and rewritten for each input, read by the program through
 * /proc/self/fd/N like any regular file. No file system is touched per input: writing and
 * truncating a file on a loaded disk cost more than reading a small input does.
 */
#ifndef KP_FUZZ_MEMFILE_H
#define KP_FUZZ_MEMFILE_H

/* memfd_create needs _GNU_SOURCE: tests/fuzz/CMakeLists.txt defines it for every target. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct fuzz_memfile {
    int fd;
    char path[40]; /* /proc/self/fd/N */
} fuzz_memfile;

/* Creates the memfd; aborts when the system has none (the target cannot run without it). */
static inline void fuzz_memfile_open(fuzz_memfile *m, const char *name)
{
    m->fd = memfd_create(name, MFD_CLOEXEC);
    if (m->fd < 0)
        abort();
    snprintf(m->path, sizeof m->path, "/proc/self/fd/%d", m->fd);
}

/* Makes the file hold exactly data[0..size). */
static inline void fuzz_memfile_write(fuzz_memfile *m, const uint8_t *data, size_t size)
{
    if (ftruncate(m->fd, 0) != 0)
        abort();
    size_t done = 0;
    while (done < size) {
        ssize_t w = pwrite(m->fd, data + done, size - done, (off_t)done);
        if (w <= 0)
            abort();
        done += (size_t)w;
    }
}

#endif
