#!/usr/bin/env bash
# The 2025 method (Opini Ombudsman RI) in the data files and the recap workbook, on the
# published cases of OPINI-2025.md: Kabupaten Bolaang Mongondow 85,18 "Opini Kualitas Tinggi
# Tanpa Maladministrasi" from its three units, Kepulauan Sula 57,61 with the gate, Pulau
# Morotai 53,38 without it, vertical offices with a unit's label; 2024 -> 2025 compared by
# category across the change of method; no zone anywhere in 2025, 2024 as before.
source "$(dirname "$0")/lib.sh"
# Reading the workbook back is the point of this test: without unzip it fails, never skips.
need unzip

data="$KP_SRC/tests/data/opini-keluaran"
"$KEPATUHAN" --quiet --out "$WORK/out" "$data/hasil-2024.csv" "$data/hasil-2025.csv"
d="$WORK/out/2025/data"

# get FILE KEYCOLS KEY COL: the field COL of the row whose KEYCOLS ("instansi" or
# "instansi+skpd") are KEY ("A" or "A|B"), columns by header name (their positions are free).
# Fails when the row or a column is missing. The names of these files have no comma or quote,
# so a plain split is exact.
get() {
    awk -F, -v kc="$2" -v key="$3" -v col="$4" '
        NR == 1 {
            for (i = 1; i <= NF; i++) h[$i] = i
            n = split(kc, k, "+")
            for (i = 1; i <= n; i++) if (!(k[i] in h)) exit 2
            if (!(col in h)) exit 2
            next
        }
        { v = $h[k[1]]; for (i = 2; i <= n; i++) v = v "|" $h[k[i]] }
        v == key { print $h[col]; found = 1; exit }
        END { if (!found) exit 3 }' "$1" || fail "$1: tidak ada $4 untuk $2=$3"
}
# want FILE KEYCOL KEY COL VALUE
want() {
    local got
    got=$(get "$1" "$2" "$3" "$4")
    [ "$got" = "$5" ] || fail "$(basename "$1") $3 $4 = '$got', diharapkan '$5'"
}
has_col() { head -1 "$1" | tr ',' '\n' | grep -qx "$2"; }

# skpd.csv: the unit's label, no zone, coaching below 78,00.
want "$d/skpd.csv" instansi+skpd "Kabupaten Bolaang Mongondow|Dinas Sosial" nilai 86.83
want "$d/skpd.csv" instansi+skpd "Kabupaten Bolaang Mongondow|Dinas Sosial" kategori B
want "$d/skpd.csv" instansi+skpd "Kabupaten Bolaang Mongondow|Dinas Sosial" predikat Baik
want "$d/skpd.csv" instansi+skpd "Kabupaten Bolaang Mongondow|Dinas Sosial" zona ""
want "$d/skpd.csv" instansi+skpd "Kabupaten Bolaang Mongondow|Dinas Sosial" pembinaan tidak
want "$d/skpd.csv" instansi+skpd "Kabupaten Halmahera Utara|RSUD Tobelo" predikat Cukup
want "$d/skpd.csv" instansi+skpd "Kabupaten Halmahera Utara|RSUD Tobelo" pembinaan ya

# instansi.csv: the published cases.
i="$d/instansi.csv"
want "$i" instansi "Kabupaten Bolaang Mongondow" nilai 85.18
want "$i" instansi "Kabupaten Bolaang Mongondow" kategori B
want "$i" instansi "Kabupaten Bolaang Mongondow" predikat "Kualitas Tinggi"
want "$i" instansi "Kabupaten Bolaang Mongondow" zona ""
want "$i" instansi "Kabupaten Bolaang Mongondow" tanpa_maladministrasi ya
want "$i" instansi "Kabupaten Bolaang Mongondow" opini "Opini Kualitas Tinggi Tanpa Maladministrasi"
want "$i" instansi "Kabupaten Kepulauan Sula" nilai 57.61
want "$i" instansi "Kabupaten Kepulauan Sula" opini "Opini Kualitas Sedang Tanpa Maladministrasi"
want "$i" instansi "Kabupaten Pulau Morotai" nilai 53.38
want "$i" instansi "Kabupaten Pulau Morotai" tanpa_maladministrasi tidak
want "$i" instansi "Kabupaten Pulau Morotai" opini "Opini Kualitas Rendah"
want "$i" instansi "Kabupaten Halmahera Utara" tanpa_maladministrasi ""
want "$i" instansi "Kabupaten Halmahera Utara" opini "Opini Kualitas Sedang"
want "$i" instansi "Provinsi Maluku Utara" opini "Opini Kualitas Sedang Tanpa Maladministrasi"
want "$i" instansi "Kantor Imigrasi Ternate" nilai 80.10
want "$i" instansi "Kantor Imigrasi Ternate" predikat Baik
want "$i" instansi "Kantor Imigrasi Ternate" opini ""
want "$i" instansi "Kantor Imigrasi Ternate" tanpa_maladministrasi ""
want "$i" instansi "Kantor Imigrasi Ternate" peringkat_nasional 2 # after Lapas Gorontalo 85,00

# provinsi.csv: pemda only, no zone counts, the gate counted; Gorontalo (vertical only) absent.
p="$d/provinsi.csv"
want "$p" provinsi "Maluku Utara" jumlah_instansi 4
want "$p" provinsi "Maluku Utara" nilai 61.65
want "$p" provinsi "Maluku Utara" hijau ""
want "$p" provinsi "Maluku Utara" merah ""
want "$p" provinsi "Maluku Utara" kategori_C 3
want "$p" provinsi "Maluku Utara" tanpa_maladministrasi 2
! grep -q '^2025,Gorontalo,' "$p" || fail "provinsi.csv memuat Gorontalo (hanya kantor vertikal)"

# perbandingan.csv: 2024 zones kept as they were, 2025 none, categories and their order.
c="$d/perbandingan.csv"
want "$c" instansi "Kabupaten Bolaang Mongondow" zona_lalu kuning
want "$c" instansi "Kabupaten Bolaang Mongondow" zona ""
want "$c" instansi "Kabupaten Bolaang Mongondow" kategori_lalu C
want "$c" instansi "Kabupaten Bolaang Mongondow" kategori B
want "$c" instansi "Kabupaten Bolaang Mongondow" perubahan naik
want "$c" instansi "Kabupaten Kepulauan Sula" perubahan tetap
want "$c" instansi "Kabupaten Kepulauan Sula" arah_nilai turun
want "$c" instansi "Kabupaten Pulau Morotai" perubahan turun
want "$c" instansi "Kabupaten Halmahera Barat" perubahan hilang
# the note has a ';', no comma: one field
want "$c" instansi "Kabupaten Bolaang Mongondow" catatan \
    "metode berubah: Penilaian Kepatuhan 2022-2024 (empat dimensi) -> Opini Ombudsman RI (Penilaian Maladministrasi); dibandingkan menurut kategori"

# 2024 keeps its columns: no opinion columns, zones counted.
for col in tanpa_maladministrasi opini; do
    ! has_col "$WORK/out/2024/data/instansi.csv" "$col" || fail "2024 instansi.csv punya kolom $col"
done
! has_col "$WORK/out/2024/data/skpd.csv" pembinaan || fail "2024 skpd.csv punya kolom pembinaan"
want "$WORK/out/2024/data/provinsi.csv" provinsi "Maluku Utara" kuning 4
want "$WORK/out/2024/data/instansi.csv" instansi "Kabupaten Bolaang Mongondow" zona kuning

# The workbook: no zone word in any of its parts, the opinions, the gate and vertical offices in.
x="$WORK/out/2025/rekap-kepatuhan-2025.xlsx"
unzip -tq "$x" >/dev/null || fail "$x bukan zip yang utuh"
unzip -p "$x" >"$WORK/rekap-2025.xml"
if grep -qiE 'hijau|kuning|merah|zona' "$WORK/rekap-2025.xml"; then
    grep -oiE '.{0,60}(hijau|kuning|merah|zona).{0,20}' "$WORK/rekap-2025.xml" | head -5 >&2
    fail "rekap 2025 memuat zona"
fi
unzip -p "$x" xl/sharedStrings.xml >"$WORK/sst.xml"
for s in "Opini Kualitas Tinggi Tanpa Maladministrasi" "Opini Kualitas Sedang Tanpa Maladministrasi" \
    "Opini Kualitas Rendah" "<t>Tanpa Maladministrasi</t>" "Instansi Tanpa Maladministrasi" \
    "Unit layanan dalam pembinaan (nilai di bawah 78,00)" "Perubahan kategori" \
    "Peraturan Ombudsman Republik Indonesia Nomor 61 Tahun 2025" "Yang tidak pasti dalam metode ini"; do
    contains "$WORK/sst.xml" "$s"
done
unzip -p "$x" xl/workbook.xml >"$WORK/workbook.xml"
for sheet in Ringkasan Provinsi Instansi "Instansi Vertikal" SKPD Perbandingan Metodologi; do
    contains "$WORK/workbook.xml" "<sheet name=\"$sheet\""
done
# 2024's workbook still shows its zones.
unzip -p "$WORK/out/2024/rekap-kepatuhan-2024.xlsx" xl/sharedStrings.xml >"$WORK/sst-2024.xml"
contains "$WORK/sst-2024.xml" "Sebaran zona menurut jenis instansi"

# The input template for 2025: the gate column, read back once a clerk filled in a row.
"$KEPATUHAN" --quiet templat-input --tahun 2025 --csv "$WORK/templat.csv"
head -1 "$WORK/templat.csv" | grep -qx 'tahun,provinsi,kode,instansi,jenis,skpd,nilai,tanpa_maladministrasi' ||
    fail "baris judul templat 2025: $(head -1 "$WORK/templat.csv")"
echo '2025,Maluku Utara,,Kabupaten Kepulauan Sula,kabupaten,,57.61,ya' >>"$WORK/templat.csv"
echo '2025,Maluku Utara,,Kantor Imigrasi Ternate,vertikal,,80.10,' >>"$WORK/templat.csv"
expect_rc 0 "$KEPATUHAN" periksa "$WORK/templat.csv"
"$KEPATUHAN" --quiet templat-input --tahun 2025 "$WORK/templat.xlsx"
unzip -p "$WORK/templat.xlsx" xl/worksheets/sheet1.xml >"$WORK/tsheet.xml"
contains "$WORK/tsheet.xml" '<formula1>"ya,tidak"</formula1>'
contains "$WORK/tsheet.xml" 'Daftar!$A$2:$A$7'
echo "ok"
