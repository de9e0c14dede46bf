/* Placeholder until the CLI lands (see src/cli/); kept compiling for the build skeleton. */
#include <stdio.h>

int main(void)
{
    fprintf(stderr, "kepatuhan: belum siap\n");
    return 1;
}
