#!/usr/bin/env bash
# Every write is checked, stdout and stderr included: output lost to a full disk behind a
# redirect (/dev/full) is exit 3, for every command that prints.
source "$(dirname "$0")/lib.sh"
samples=("$KP_SRC"/samples/*.csv)

full() {
    local want=$1 rc
    shift
    set +e
    "$@"
    rc=$?
    set -e
    [ "$rc" -eq "$want" ] || fail "'$*' ke /dev/full: keluar $rc, diharapkan $want"
}
full 3 "$KEPATUHAN" rubrik >/dev/full
full 3 "$KEPATUHAN" rubrik 2023 >/dev/full
full 3 "$KEPATUHAN" --help >/dev/full
full 3 "$KEPATUHAN" --version >/dev/full
full 3 "$KEPATUHAN" periksa "${samples[@]}" >/dev/full 2>"$WORK/err.txt"
contains "$WORK/err.txt" "gagal menulis ke keluaran standar"
# The run's report goes to stderr: the documents are written, but the report is lost.
full 3 "$KEPATUHAN" --out "$WORK/out" "${samples[@]}" 2>/dev/full
[ -d "$WORK/out/2025" ] || fail "keluaran tidak tertulis"
# Nothing printed, nothing lost.
full 0 "$KEPATUHAN" --quiet --out "$WORK/out" "${samples[@]}" >/dev/full 2>/dev/full
# An error stays an error of its own kind, even when its message is lost too.
full 2 "$KEPATUHAN" --quiet --out "$WORK/out" "$KP_SRC/tests/data/e2e/rusak.csv" 2>/dev/full
full 1 "$KEPATUHAN" --tidak-ada 2>/dev/full
echo "ok"
