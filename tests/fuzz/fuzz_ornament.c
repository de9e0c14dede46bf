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
    /*
     * What the reader promises draw_ornament: some operations; every path ended by fill or
     * stroke (settings may follow the last one); colours and line settings outside paths;
     * path operations after a move or circle.
     */
    if (o->n == 0)
        __builtin_trap();
    int in_path = 0;
    for (size_t i = 0; i < o->n; i++) {
        switch (o->ops[i].code) {
        case ORNAMENT_MOVE:
        case ORNAMENT_CIRCLE:
            in_path = 1;
            break;
        case ORNAMENT_LINE:
        case ORNAMENT_CURVE:
        case ORNAMENT_CLOSE:
            if (!in_path)
                __builtin_trap();
            break;
        case ORNAMENT_FILL:
        case ORNAMENT_STROKE:
            if (!in_path)
                __builtin_trap();
            in_path = 0;
            break;
        default: /* a colour or line setting */
            if (in_path)
                __builtin_trap();
        }
    }
    if (in_path)
        __builtin_trap();
    ornament_free(o);
    return 0;
}
