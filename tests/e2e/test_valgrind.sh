#!/usr/bin/env bash
# valgrind memcheck of a full sample run: no leak, no invalid access.
source "$(dirname "$0")/lib.sh"
need valgrind
[ "${KP_SANITIZE:-OFF}" = "OFF" ] || skip "build dengan sanitizer"
valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$KEPATUHAN" --quiet --jobs 2 --out "$WORK/out" "$KP_SRC"/samples/*.csv 2>"$WORK/vg.txt" ||
    { cat "$WORK/vg.txt" >&2; fail "valgrind melaporkan kesalahan"; }
echo "ok"
