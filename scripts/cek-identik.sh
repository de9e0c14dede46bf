#!/usr/bin/env bash
# Byte-identity check for refactors (issue 19): run the same fixed sets through a build and
# record the SHA-256 of every file written plus every message and exit code; two manifests
# from two builds must be equal.
#
#   scripts/cek-identik.sh BUILD_DIR MANIFEST          write the manifest of BUILD_DIR's binary
#   scripts/cek-identik.sh BUILD_DIR MANIFEST --banding compare against an existing MANIFEST
#
# The sets: the demo (samples/ and templat-input), the two-year national set of bench/kp-gen
# with every document kind and a fixed verification key, the 2025 Opini data, and every file of
# the hostile and bad-input sets (messages and exit codes recorded, as refusals are output too).
set -euo pipefail
build=$(cd "${1:?BUILD_DIR}" && pwd)
manifest=${2:?MANIFEST}
mode=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
kp="$build/kepatuhan"
gen="$build/bench/kp-gen"
[ -x "$kp" ] || { echo "tidak ada $kp" >&2; exit 2; }
[ -x "$gen" ] || { echo "tidak ada $gen" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

# A fixed key so codes and QR symbols are part of what is compared.
key="$work/kunci"
printf '%s' 0123456789abcdef0123456789abcdef0123456789abcdef >"$key"
chmod 600 "$key"

log="$work/log.txt"
run() { # run NAME ARGS...: record the exit code and both streams, relative paths only
    local name=$1 rc=0
    shift
    (cd "$work" && "$kp" "$@" >"$work/$name.out" 2>"$work/$name.err") || rc=$?
    { echo "== $name rc=$rc"; sed -E "s#$work#WORK#g; s#$root#ROOT#g; s#dalam [0-9,]+ dtk#dalam N dtk#" "$work/$name.out" "$work/$name.err"; } >>"$log"
}

run demo --out demo "$root"/samples/*.csv
run templat --quiet templat-input demo/templat-masukan.xlsx
"$gen" --size nasional --tahun 2023,2024 --dialect semicolon --out "$work/nasional.csv"
run nasional --quiet --kunci "$key" --piagam semua --surat semua --piagam-gabung --surat-gabung \
    --out nasional "$work/nasional.csv"
run opini --quiet --kunci "$key" --out opini "$root"/tests/data/dokumen-2025/*.csv
for f in "$root"/tests/data/hostile/*.csv "$root"/tests/data/bad/*.csv "$root"/tests/data/e2e/*.csv; do
    [ -e "$f" ] || continue
    n=$(basename "$(dirname "$f")")-$(basename "$f" .csv)
    run "periksa-$n" periksa "$f"
    run "run-$n" --quiet --out "hostile/$n" "$f"
done

new="$work/manifest"
{
    cat "$log"
    echo "== files"
    (cd "$work" && find demo nasional opini hostile -type f 2>/dev/null | LC_ALL=C sort | xargs -r sha256sum)
} >"$new"

if [ "$mode" = --banding ]; then
    if diff -u "$manifest" "$new" >"$work/diff"; then
        echo "identik: $(grep -c '  ' "$new") berkas"
    else
        head -40 "$work/diff" >&2
        echo "BERBEDA dari $manifest" >&2
        exit 1
    fi
else
    cp "$new" "$manifest"
    echo "manifest: $manifest ($(grep -c '  ' "$new") berkas)"
fi
