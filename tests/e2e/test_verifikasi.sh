#!/usr/bin/env bash
# Issue 21: verification codes and QR codes on every document, the register
# data/dokumen.csv, `kepatuhan verifikasi` and the static page verifikasi/ in headless
# Chromium. Tools that `make test` installs are required: a missing one fails the test.
source "$(dirname "$0")/lib.sh"
need zbarimg pdftoppm pdftotext chromium python3
S="$KP_SRC/samples"

# --- The key: 0600, never overwritten, refused when open to others or short --------------
"$KEPATUHAN" --quiet kunci-baru "$WORK/kunci"
[ "$(stat -c %a "$WORK/kunci")" = 600 ] || fail "kunci bukan mode 600"
[ "$(stat -c %s "$WORK/kunci")" -ge 32 ] || fail "kunci terlalu pendek"
cp "$WORK/kunci" "$WORK/kunci.salinan"
expect_rc 2 "$KEPATUHAN" kunci-baru "$WORK/kunci"
cmp -s "$WORK/kunci" "$WORK/kunci.salinan" || fail "kunci-baru menimpa kunci lama"
cp "$WORK/kunci" "$WORK/kunci-terbuka" && chmod 644 "$WORK/kunci-terbuka"
expect_rc 2 "$KEPATUHAN" --quiet --kunci "$WORK/kunci-terbuka" --out "$WORK/x" "$S/hasil-2023.csv"
contains "$WORK/out.txt" "kunci-terbuka"
[ ! -e "$WORK/x/2023" ] || fail "kunci ditolak tetapi keluaran ditulis"
head -c 16 "$WORK/kunci" >"$WORK/kunci-pendek" && chmod 600 "$WORK/kunci-pendek"
expect_rc 2 "$KEPATUHAN" --quiet --kunci "$WORK/kunci-pendek" --out "$WORK/x" "$S/hasil-2023.csv"
contains "$WORK/out.txt" "terlalu pendek"

# --- Codes: stable across runs and --jobs, in the register and on the page --------------
mkdir -p "$WORK/templat"
cp -r "$KP_SRC/templates/." "$WORK/templat/"
printf '\n[acara]\nverifikasi_url = https://contoh.go.id/verifikasi/#{kode}\n' >>"$WORK/templat/acara.ini"
run() { "$KEPATUHAN" --quiet --templat "$WORK/templat" "$@" "$S/hasil-2022.csv" "$S/hasil-2023.csv"; }
KEPATUHAN_KUNCI="$WORK/kunci" run --jobs 1 --out "$WORK/a"
run --kunci "$WORK/kunci" --jobs 2 --out "$WORK/b"
reg="$WORK/a/2023/data/dokumen.csv"
cmp "$reg" "$WORK/b/2023/data/dokumen.csv" || fail "dokumen.csv beda antara --jobs 1 dan 2"
cmp "$WORK/a/2023/verifikasi/data.js" "$WORK/b/2023/verifikasi/data.js" || fail "data.js beda"
head -1 "$reg" | grep -qx 'berkas,jenis,tahun,instansi,unit,nilai,kategori,hasil,gerbang,nomor,kode_verifikasi,sha256' ||
    fail "kepala dokumen.csv"
row=$(grep '^piagam/kota-banjarbaru.pdf,' "$reg") || fail "piagam Banjarbaru tidak terdaftar"
kode=$(echo "$row" | awk -F, '{print $11}')
[[ "$kode" =~ ^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$ ]] || fail "kode '$kode' bukan Crockford 4x4"
echo "$row" | grep -qF ',92.00,A,Kualitas Tertinggi,' || fail "fakta Banjarbaru: $row"
# Every PDF of the year is in the register, with its digest.
n_pdf=$(cd "$WORK/a/2023" && find . -name '*.pdf' | wc -l)
[ "$(($(wc -l <"$reg") - 1))" -eq "$n_pdf" ] || fail "dokumen.csv tidak memuat semua PDF"
(cd "$WORK/a/2023" && tail -n +2 data/dokumen.csv | awk -F, '{print $NF "  " $1}' | sha256sum -c --quiet) ||
    fail "sha256 dokumen.csv tidak cocok dengan PDF"
# Codes differ between documents and with any changed fact (another score).
[ "$(tail -n +2 "$reg" | awk -F, '$11 != ""{print $11}' | sort | uniq -d | wc -l)" -eq 0 ] || fail "kode ganda"
sed 's/^2023,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,,,,,,92.00/2023,Kalimantan Selatan,63.72,Kota Banjarbaru,kota,,,,,,91.99/' \
    "$S/hasil-2023.csv" >"$WORK/ubah.csv"
if ! cmp -s "$WORK/ubah.csv" "$S/hasil-2023.csv"; then
    "$KEPATUHAN" --quiet --kunci "$WORK/kunci" --out "$WORK/c" "$WORK/ubah.csv"
    kode_c=$(grep '^piagam/kota-banjarbaru.pdf,' "$WORK/c/2023/data/dokumen.csv" | awk -F, '{print $11}')
    [ -n "$kode_c" ] && [ "$kode_c" != "$kode" ] || fail "nilai lain, kode sama ($kode_c)"
fi
pdftext "$WORK/a/2023/piagam/kota-banjarbaru.pdf" | grep -qF "$kode" || fail "kode tidak tercetak di piagam"
pdftext "$WORK/a/2023/rapor/kota-banjarbaru.pdf" | grep -qF "Kode verifikasi" || fail "rapor tanpa kode"
pdftext "$WORK/a/2023/surat/kota-banjarbaru.pdf" | grep -qF "Kode verifikasi" || fail "surat tanpa kode"

# --- The QR code reads back, at pdftoppm's default 150 dpi, as the URL ------------------
pdftoppm -png -f 1 -l 1 "$WORK/a/2023/piagam/kota-banjarbaru.pdf" "$WORK/qr"
got=$(zbarimg -q --raw "$WORK"/qr-1.png 2>/dev/null)
[ "$got" = "https://contoh.go.id/verifikasi/#$kode" ] || fail "QR berisi '$got'"

# --- Without a key: no code, no QR, no page, one notice ----------------------------------
env -u KEPATUHAN_KUNCI "$KEPATUHAN" --out "$WORK/n" "$S/hasil-2023.csv" 2>"$WORK/n.err"
[ "$(grep -c 'tanpa --kunci' "$WORK/n.err")" -eq 1 ] || { cat "$WORK/n.err" >&2; fail "catatan tanpa kunci tidak tepat sekali"; }
! pdftext "$WORK/n/2023/piagam/kota-banjarbaru.pdf" | grep -q "Kode verifikasi" || fail "kode tanpa kunci"
[ ! -e "$WORK/n/2023/verifikasi" ] || fail "halaman verifikasi tanpa kunci"
[ -z "$(awk -F, 'NR > 1 && $11 != ""' "$WORK/n/2023/data/dokumen.csv")" ] || fail "kode di dokumen.csv tanpa kunci"

# --- kepatuhan verifikasi ------------------------------------------------------------------
expect_rc 0 "$KEPATUHAN" verifikasi "$kode" --kunci "$WORK/kunci" --data "$WORK/a/2023"
contains "$WORK/out.txt" "ASLI"
contains "$WORK/out.txt" "Pemerintah Kota Banjarbaru"
contains "$WORK/out.txt" "92,00"
# Lower case, no dashes, Crockford's aliases (0 written as O).
lower=$(echo "$kode" | tr -d - | tr 'A-Z' 'a-z' | sed 's/0/o/g')
expect_rc 0 "$KEPATUHAN" verifikasi "$lower" --kunci "$WORK/kunci" --data "$WORK/a/2023"
# One character changed: not genuine, exit 4.
if [ "${kode:0:1}" = Z ]; then alt="Y${kode:1}"; else alt="Z${kode:1}"; fi
expect_rc 4 "$KEPATUHAN" verifikasi "$alt" --kunci "$WORK/kunci" --data "$WORK/a/2023"
contains "$WORK/out.txt" "TIDAK"
# Another key does not vouch for this register's codes.
"$KEPATUHAN" --quiet kunci-baru "$WORK/kunci-lain"
expect_rc 4 "$KEPATUHAN" verifikasi "$kode" --kunci "$WORK/kunci-lain" --data "$WORK/a/2023"
# A register edited after the run (another score on the row) does not verify either.
cp -r "$WORK/a/2023" "$WORK/ubahreg"
sed -i 's/^\(piagam\/kota-banjarbaru.pdf,.*\),92.00,/\1,99.00,/' "$WORK/ubahreg/data/dokumen.csv"
expect_rc 4 "$KEPATUHAN" verifikasi "$kode" --kunci "$WORK/kunci" --data "$WORK/ubahreg"
# Malformed codes: a message and exit 1, never a crash.
for bad in "ABC" "$kode-XXXX" "UUUU-UUUU-UUUU-UUUU" '!!!!' ""; do
    expect_rc 1 "$KEPATUHAN" verifikasi "$bad" --kunci "$WORK/kunci" --data "$WORK/a/2023"
    contains "$WORK/out.txt" "tidak sah"
done
# Files: the issued one is genuine, one changed byte is not.
pdf="$WORK/a/2023/piagam/kota-banjarbaru.pdf"
expect_rc 0 "$KEPATUHAN" verifikasi "$pdf" --data "$WORK/a/2023"
contains "$WORK/out.txt" "piagam/kota-banjarbaru.pdf"
cp "$pdf" "$WORK/palsu.pdf"
printf 'X' | dd of="$WORK/palsu.pdf" bs=1 seek=2000 conv=notrunc status=none
expect_rc 4 "$KEPATUHAN" verifikasi "$WORK/palsu.pdf" --data "$WORK/a/2023"
contains "$WORK/out.txt" "TIDAK ASLI"

# --- The page in headless Chromium, from file:// -----------------------------------------
page="file://$WORK/a/2023/verifikasi/index.html"
! grep -q 'innerHTML\|fetch(\|http' "$WORK/a/2023/verifikasi/index.html" || fail "halaman memakai innerHTML, fetch atau jaringan"
dom() {
    chromium --headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --user-data-dir="$WORK/chromium" --virtual-time-budget=3000 --dump-dom "$1" 2>/dev/null
}
dom "$page#$lower" >"$WORK/dom1.html"
contains "$WORK/dom1.html" "Dokumen terdaftar"
contains "$WORK/dom1.html" "Pemerintah Kota Banjarbaru"
contains "$WORK/dom1.html" "92,00"
dom "$page#$alt" >"$WORK/dom2.html"
contains "$WORK/dom2.html" "Kode tidak dikenal"
dom "$page#%3Cb%3Ebukan-kode" >"$WORK/dom3.html"
contains "$WORK/dom3.html" "Kode tidak sah"
! grep -q '<b>bukan' "$WORK/dom3.html" || fail "halaman memasukkan markup dari hash"
shots="${KP_BUILD:-$WORK}"
chromium --headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --user-data-dir="$WORK/chromium" --virtual-time-budget=3000 --window-size=900,600 \
    --screenshot="$shots/verifikasi-halaman.png" "$page#$kode" >/dev/null 2>&1
[ -s "$shots/verifikasi-halaman.png" ] || fail "tangkapan layar halaman tidak dibuat"
echo "OK: verifikasi"
