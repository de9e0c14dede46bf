/*
 * Fuzzes the ornament reader (ornament_load): any bytes must give an ornament that the
 * drawing engine can hand to libharu as it is, or an error with a message; never a crash, a
 * leak or a read out of bounds. The reader reads a path, so each input is written to a
 * per-process temporary file first.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "render/ornament.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/fuzz_ornament_%ld.ini", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    ornament *o = NULL;
    kp_error err;
    kp_error_clear(&err);
    if (ornament_load(path, &o, &err) != KP_OK) {
        if (!err.msg[0] || o)
            __builtin_trap(); /* every failure must say why, and leave nothing */
        return 0;
    }
    /* What the reader promises draw_ornament: operations, every path painted at the end. */
    if (o->n == 0)
        __builtin_trap();
    ornament_code last = o->ops[o->n - 1].code;
    if (last != ORNAMENT_FILL && last != ORNAMENT_STROKE)
        __builtin_trap();
    ornament_free(o);
    return 0;
}
