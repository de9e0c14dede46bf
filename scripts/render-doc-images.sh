#!/bin/sh
# Renders the pictures of docs/panduan.md from samples/: the Kota Banjarbaru 2023 certificate
# and report card, and the first sheet (Ringkasan) of the 2023 recap workbook, as small PNGs.
#
# Usage: scripts/render-doc-images.sh [KEPATUHAN] [OUTDIR]
#   KEPATUHAN  the program (default: build/kepatuhan beside this script's repository)
#   OUTDIR     where the PNGs go (default: docs/img)
#
# Needs: pdftoppm (poppler-utils), soffice (libreoffice-calc-nogui). Installs nothing.
# 50 dpi keeps each picture well under 200 KB and still readable in a guide; the run uses a
# fixed SOURCE_DATE_EPOCH so the documents (and so the pictures) are the same every time.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
kp=${1:-"$here/build/kepatuhan"}
out=${2:-"$here/docs/img"}

for tool in pdftoppm soffice; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "render-doc-images: $tool tidak ada (apt-get install poppler-utils libreoffice-calc-nogui)" >&2
        exit 1
    }
done
[ -x "$kp" ] || { echo "render-doc-images: $kp tidak ada; jalankan make dulu" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kp-img.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out"

SOURCE_DATE_EPOCH=1705449600 "$kp" --quiet --templat "$here/templates" --out "$tmp/out" \
    "$here"/samples/*.csv
y="$tmp/out/2023"

pdftoppm -png -r 50 -singlefile "$y/piagam/kota-banjarbaru.pdf" "$out/piagam"
pdftoppm -png -r 50 -singlefile "$y/rapor/kota-banjarbaru.pdf" "$out/rapor"

# LibreOffice exports the active (first) sheet to PDF with the workbook's own print setup;
# its own profile in the temp folder keeps it away from the user's settings and locks.
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
    --outdir "$tmp" "$y/rekap-kepatuhan-2023.xlsx" >"$tmp/soffice.log" 2>&1 ||
    { cat "$tmp/soffice.log" >&2; exit 1; }
pdftoppm -png -r 50 -singlefile "$tmp/rekap-kepatuhan-2023.pdf" "$out/rekap"

ls -l "$out"/piagam.png "$out"/rapor.png "$out"/rekap.png
