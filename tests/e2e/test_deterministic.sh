#!/usr/bin/env bash
# Same input and options give byte-identical files, whatever the number of jobs.
source "$(dirname "$0")/lib.sh"
samples=("$KP_SRC"/samples/*.csv)
opts=(--quiet --piagam semua --surat semua --piagam-gabung --surat-gabung --rapor-skpd)
"$KEPATUHAN" "${opts[@]}" --jobs 1 --out "$WORK/a" "${samples[@]}"
"$KEPATUHAN" "${opts[@]}" --jobs 4 --out "$WORK/b" "${samples[@]}"
diff <(tree_digest "$WORK/a") <(tree_digest "$WORK/b") || fail "--jobs 1 dan --jobs 4 berbeda"
n=$(find "$WORK/a" -name '*.pdf' | wc -l)
[ "$n" -gt 40 ] || fail "hanya $n PDF"
echo "ok ($n PDF identik)"
