/*
 * Fuzzes the layout template parser (layout_template_load): any bytes must give a template
 * or an error with a message, never a crash, a leak or a read out of bounds. The loader reads
 * a path, so each input is written to a per-process temporary file first.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "render/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/fuzz_template_%ld.ini", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    static const char *const known[] = {"instansi", "nilai", "tahun", NULL};
    layout_template *t = NULL;
    kp_error err;
    kp_error_clear(&err);
    if (layout_template_load(path, KP_SOURCE_DIR "/fonts", size % 2 ? known : NULL, &t, &err) ==
        KP_OK) {
        layout_style st;
        layout_color c;
        layout_template_style(t, "judul", &st, &err);
        layout_template_color(t, "hijau", &c);
        layout_template_free(t);
    } else if (!err.msg[0]) {
        __builtin_trap(); /* every failure must say why */
    }
    return 0;
}
