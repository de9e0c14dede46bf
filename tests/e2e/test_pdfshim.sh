#!/usr/bin/env bash
# The replacements in src/render/pdfshim.c change how libharu's streams and the workbooks' zip
# entries are compressed (libdeflate instead of zlib) and nothing else: with
# KEPATUHAN_PDFSHIM=libharu (libharu's own functions, zlib) every document of a run holds the
# same objects, stream for stream once decompressed, every workbook the same parts, and every
# other file is byte-identical. (The samples, not the national set: libharu 2.3.0's own font
# writer fails on some subsets there, its issue #305, which save_font does not share.)
source "$(dirname "$0")/lib.sh"
need qpdf
need unzip
samples=("$KP_SRC"/samples/*.csv)
opts=(--quiet --piagam semua --piagam-tingkat semua --surat semua --rapor-skpd --piagam-gabung)
"$KEPATUHAN" "${opts[@]}" --out "$WORK/shim" "${samples[@]}"
KEPATUHAN_PDFSHIM=libharu "$KEPATUHAN" "${opts[@]}" --out "$WORK/libharu" "${samples[@]}"
digest() {
    (cd "$1" && find . -type f -print0 | sort -z | while IFS= read -r -d '' f; do
        case "$f" in
        *.pdf) printf '%s  %s\n' "$(qpdf --stream-data=uncompress --object-streams=disable --deterministic-id \
            "$f" - | sha256sum | cut -d' ' -f1)" "$f" ;;
        # The register holds each PDF's digest of its compressed bytes, which differ by
        # design; its other columns must not.
        # A workbook: the same parts in the same order, each byte-identical unpacked.
        *.xlsx)
            unzip -tq "$f" >/dev/null || fail "unzip -t: $f"
            printf '%s  %s\n' "$(unzip -Z1 "$f" | while IFS= read -r part; do
                printf '%s %s\n' "$part" "$(unzip -p "$f" "${part//[/[[]}" | sha256sum | cut -d' ' -f1)"
            done | sha256sum | cut -d' ' -f1)" "$f" ;;
        */data/dokumen.csv) printf '%s  %s\n' "$(cut -d, -f1-11 "$f" | sha256sum | cut -d' ' -f1)" "$f" ;;
        *) sha256sum "$f" ;;
        esac
    done)
}
diff <(digest "$WORK/shim") <(digest "$WORK/libharu") ||
    fail "isi berkas berbeda antara pengganti dan fungsi libharu sendiri"
cmp -s "$(find "$WORK/shim" -name '*.pdf' | sort | head -1)" \
    "$(find "$WORK/libharu" -name '*.pdf' | sort | head -1)" &&
    fail "PDF identik byte demi byte: libdeflate tidak dipakai?"
cmp -s "$(find "$WORK/shim" -name '*.xlsx' | sort | head -1)" \
    "$(find "$WORK/libharu" -name '*.xlsx' | sort | head -1)" &&
    fail "buku kerja identik byte demi byte: libdeflate tidak dipakai untuk zip?"
n=$(find "$WORK/shim" -name '*.pdf' | wc -l)
[ "$n" -gt 100 ] || fail "hanya $n PDF"
for f in $(find "$WORK/shim" -name '*.pdf' | sort | head -20); do
    qpdf --check "$f" >/dev/null || fail "qpdf --check: $f"
done
echo "ok ($n PDF dengan isi yang sama)"
