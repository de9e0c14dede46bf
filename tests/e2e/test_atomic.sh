#!/usr/bin/env bash
# A failed or interrupted run leaves the previous outputs exactly as they were, removes its
# temporary files, and never touches unrelated files in the output folder.
source "$(dirname "$0")/lib.sh"
samples=("$KP_SRC"/samples/*.csv)
out="$WORK/out"

"$KEPATUHAN" --quiet --out "$out" "${samples[@]}"
echo "catatan pengguna" >"$out/catatan.txt"
before=$(tree_digest "$out")

# Data error: nothing changes.
expect_rc 2 "$KEPATUHAN" --quiet --out "$out" "$KP_SRC/tests/data/e2e/rusak.csv"
[ "$(tree_digest "$out")" = "$before" ] || fail "keluaran berubah setelah kesalahan data"

# A read-only output folder: refused with exit 3, nothing changes.
if [ "$(id -u)" -ne 0 ]; then
    chmod a-w "$out"
    expect_rc 3 "$KEPATUHAN" --quiet --out "$out" "${samples[@]}"
    chmod u+w "$out"
    [ "$(tree_digest "$out")" = "$before" ] || fail "keluaran berubah (folder hanya-baca)"
fi

# A write failure in the middle of rendering (a template folder whose certificate template
# is broken after the workbook was written): exit non-zero, nothing changes, no temp folder.
tmpl="$WORK/templat"
cp -r "$KP_SRC/templates" "$tmpl"
printf '\n[blok rusak\n' >>"$tmpl/piagam/instansi.ini"
set +e
"$KEPATUHAN" --quiet --templat "$tmpl" --out "$out" "${samples[@]}" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "templat rusak diterima"
[ "$(tree_digest "$out")" = "$before" ] || fail "keluaran berubah setelah templat rusak"
ls -A "$out" | grep -q '^\.kepatuhan-tmp' && fail "folder sementara tertinggal"

# A write that fails for lack of space: a file-size limit makes every write past 16 KiB fail
# with EFBIG, as a full disk fails with ENOSPC (SIGXFSZ ignored, so write() reports it).
set +e
(ulimit -f 16; trap '' XFSZ; exec "$KEPATUHAN" --quiet --out "$out" "${samples[@]}") 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" -eq 3 ] || { cat "$WORK/err.txt" >&2; fail "penulisan gagal tidak keluar dengan 3 (keluar $rc)"; }
[ "$(tree_digest "$out")" = "$before" ] || fail "keluaran berubah setelah penulisan gagal"
ls -A "$out" | grep -q '^\.kepatuhan-tmp' && fail "folder sementara tertinggal"

# SIGTERM in the middle of rendering: no partial files, previous outputs intact. The national
# dataset with every document on one job takes seconds, so the signal lands mid-render.
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat (cmake --build membuatnya)"
"$gen" --size nasional --tahun 2023,2024 --out "$WORK/nasional.csv"
"$KEPATUHAN" --quiet --jobs 1 --piagam semua --piagam-tingkat semua --surat semua --rapor-skpd \
    --out "$out" "$WORK/nasional.csv" &
pid=$!
sleep 0.5
kill -TERM "$pid"
set +e
wait "$pid"
rc=$?
set -e
[ "$rc" -eq 143 ] || fail "SIGTERM: keluar $rc, diharapkan 143 (dihentikan sinyal)"
[ "$(tree_digest "$out")" = "$before" ] || fail "keluaran berubah setelah SIGTERM"
ls -A "$out" | grep -q '^\.kepatuhan-tmp' && fail "folder sementara tertinggal setelah SIGTERM"
echo "ok"
