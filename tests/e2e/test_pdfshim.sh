#!/usr/bin/env bash
# The libharu replacements in src/render/pdfshim.c write exactly what libharu writes: every
# document of a run is byte-identical with them and with libharu's own functions.
source "$(dirname "$0")/lib.sh"
samples=("$KP_SRC"/samples/*.csv)
opts=(--quiet --piagam semua --piagam-tingkat semua --surat semua --rapor-skpd --piagam-gabung)
"$KEPATUHAN" "${opts[@]}" --out "$WORK/shim" "${samples[@]}"
KEPATUHAN_PDFSHIM=libharu "$KEPATUHAN" "${opts[@]}" --out "$WORK/libharu" "${samples[@]}"
diff <(tree_digest "$WORK/shim") <(tree_digest "$WORK/libharu") ||
    fail "PDF berbeda antara pengganti dan fungsi libharu sendiri"
n=$(find "$WORK/shim" -name '*.pdf' | wc -l)
[ "$n" -gt 100 ] || fail "hanya $n PDF"
echo "ok ($n PDF identik)"
