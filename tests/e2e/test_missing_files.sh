#!/usr/bin/env bash
# A missing input, --rubrik or template file is the user's to fix: exit 2, the same Indonesian
# wording ("PATH: ROLE tidak ditemukan", no English strerror), and no output folder created.
source "$(dirname "$0")/lib.sh"
data="$KP_SRC/tests/data/e2e"

# expect_missing OUT ROLE PATH ARGS...: exit 2, the located message, OUT never created.
expect_missing() {
    local out=$1 role=$2 path=$3
    shift 3
    expect_rc 2 "$KEPATUHAN" --out "$out" "$@"
    contains "$WORK/out.txt" "kepatuhan: $path: $role tidak ditemukan"
    if grep -q "No such file" "$WORK/out.txt"; then
        fail "pesan berbahasa Inggris: $(cat "$WORK/out.txt")"
    fi
    [ ! -e "$out" ] || fail "folder keluaran $out dibuat walau run gagal sebelum menulis"
}

expect_missing "$WORK/baru1" berkas "$data/tidak-ada.csv" "$data/tidak-ada.csv"
expect_missing "$WORK/baru2" rubrik /tidak/ada.ini --rubrik /tidak/ada.ini "$data/kecil.csv"
expect_missing "$WORK/baru3/dalam" rubrik /tidak/ada.ini --rubrik /tidak/ada.ini "$data/kecil.csv"
[ ! -e "$WORK/baru3" ] || fail "folder induk keluaran dibuat"

# A template folder with one required template removed, for each document kind (and the
# certificates' corner ornament, which their [border] names).
for t in piagam/instansi.ini piagam/ornamen.ini rapor/instansi.ini surat/instansi.ini \
    ringkasan/ringkasan.ini; do
    rm -rf "$WORK/templat"
    cp -r "$KP_SRC/templates" "$WORK/templat"
    rm "$WORK/templat/$t"
    expect_missing "$WORK/baru4" templat "$WORK/templat/$t" --templat "$WORK/templat" \
        "$data/kecil.csv"
done

# The SKPD templates, needed only when SKPD documents are asked for.
for t in piagam/skpd.ini rapor/skpd.ini; do
    rm -rf "$WORK/templat"
    cp -r "$KP_SRC/templates" "$WORK/templat"
    rm "$WORK/templat/$t"
    expect_missing "$WORK/baru4" templat "$WORK/templat/$t" --templat "$WORK/templat" \
        --rapor-skpd --piagam-tingkat semua "$data/kecil.csv"
done

# A missing --kunci is the user's file too.
expect_missing "$WORK/baru7" "berkas kunci" /tidak/ada.kunci --kunci /tidak/ada.kunci \
    "$data/kecil.csv"

# templat-input reads --rubrik before it makes anything.
expect_rc 2 "$KEPATUHAN" templat-input --rubrik /tidak/ada.ini "$WORK/baru8/templat.xlsx"
contains "$WORK/out.txt" "kepatuhan: /tidak/ada.ini: rubrik tidak ditemukan"
[ ! -e "$WORK/baru8" ] || fail "folder templat-input dibuat"

# `kepatuhan rubrik` reads the same file the same way.
expect_rc 2 "$KEPATUHAN" rubrik --rubrik /tidak/ada.ini
contains "$WORK/out.txt" "kepatuhan: /tidak/ada.ini: rubrik tidak ditemukan"

# A folder where a rubric file is expected: still exit 2, the reason in Indonesian.
expect_rc 2 "$KEPATUHAN" --out "$WORK/baru5" --rubrik "$WORK" "$data/kecil.csv"
contains "$WORK/out.txt" "rubrik tidak dapat dibaca: ini folder, bukan berkas"
[ ! -e "$WORK/baru5" ] || fail "folder keluaran dibuat"

# An unreadable input (not as root: root reads anything).
if [ "$(id -u)" != 0 ]; then
    cp "$data/kecil.csv" "$WORK/terkunci.csv"
    chmod 000 "$WORK/terkunci.csv"
    expect_rc 2 "$KEPATUHAN" --out "$WORK/baru6" "$WORK/terkunci.csv"
    contains "$WORK/out.txt" "terkunci.csv: berkas tidak dapat dibaca: izin ditolak"
    [ ! -e "$WORK/baru6" ] || fail "folder keluaran dibuat"
fi
# An output path through a file is the output's trouble (exit 3), said in Indonesian too.
: >"$WORK/berkas"
expect_rc 3 "$KEPATUHAN" --out "$WORK/berkas" "$data/kecil.csv"
contains "$WORK/out.txt" "berkas: folder keluaran tidak dapat dibuka: sebagian jalurnya bukan folder"
if grep -q "Not a directory" "$WORK/out.txt"; then
    fail "pesan berbahasa Inggris: $(cat "$WORK/out.txt")"
fi
echo "ok"
