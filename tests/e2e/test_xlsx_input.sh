#!/usr/bin/env bash
# Workbooks as input (issue 18): the same rows as a CSV file give byte-identical data/*.csv
# whether the workbook was saved by LibreOffice, written by openpyxl (merged names, text
# numbers, formulas LibreOffice calculated, several sheets with Petunjuk first) or is a
# filled-in `templat-input` template; errors name cells and rows as Excel shows them, and
# files that are not workbooks are refused with exit 2 and nothing written.
# Needs LibreOffice and openpyxl, which `make test` installs: missing, the test fails.
source "$(dirname "$0")/lib.sh"
need soffice
PY=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then
        PY=$p
        break
    fi
done
[ -n "$PY" ] || fail "openpyxl tidak ada (apt-get install python3-openpyxl; make test memasangnya)"

RUN=(--quiet --tanpa-rapor --piagam tidak --surat tidak)
soffice_to() { # soffice_to FORMAT DIR FILE [INFILTER]: converts FILE into DIR
    local fmt=$1 dir=$2 file=$3 filt=${4:-}
    mkdir -p "$dir"
    (cd "$WORK" && HOME="$WORK" timeout 180 soffice --headless ${filt:+--infilter="$filt"} \
        --convert-to "$fmt" --outdir "$dir" "$file" >"$WORK/soffice.txt" 2>&1) ||
        { cat "$WORK/soffice.txt" >&2; fail "LibreOffice gagal mengubah $file"; }
}
# same_data CSV_OUT XLSX_OUT WHAT: data/*.csv of both runs byte for byte.
same_data() {
    local a=$1 b=$2 what=$3 n=0 f
    for f in "$a"/*/data/*.csv; do
        cmp "$f" "$b/${f#"$a"/}" || fail "$what: ${f#"$a"/} berbeda dari hasil CSV"
        n=$((n + 1))
    done
    [ "$n" -gt 0 ] || fail "$what: tidak ada data/*.csv"
}

samples=("$KP_SRC/samples/hasil-2023.csv")
[ -f "$KP_SRC/samples/hasil-2025.csv" ] && samples+=("$KP_SRC/samples/hasil-2025.csv")
for csv in "${samples[@]}"; do
    base=$(basename "$csv" .csv)
    expect_rc 0 "$KEPATUHAN" "${RUN[@]}" --out "$WORK/$base-csv" "$csv"

    # LibreOffice, as a clerk's "Save as .xlsx". kode is a text column (typed as a number,
    # 63.10 would be 63.1 in the workbook too): its position comes from the header.
    kode=$(head -1 "$csv" | tr ',' '\n' | grep -nx kode | cut -d: -f1)
    soffice_to xlsx "$WORK/lo" "$csv" "CSV:44,34,76,1,$kode/2"
    expect_rc 0 "$KEPATUHAN" "${RUN[@]}" --out "$WORK/$base-lo" "$WORK/lo/$base.xlsx"
    same_data "$WORK/$base-csv" "$WORK/$base-lo" "$base LibreOffice"

    # openpyxl: Petunjuk and a summary sheet first, names merged down, every other score as
    # text with a decimal comma; scores as formulas in a second workbook, whose cached values
    # LibreOffice computes when it saves it again.
    "$PY" - "$csv" "$WORK/$base-py.xlsx" "$WORK/$base-rumus.xlsx" <<'PY' || fail "openpyxl gagal"
import csv, sys
from openpyxl import Workbook
src, plain, formulas = sys.argv[1:4]
rows = list(csv.reader(open(src, newline="", encoding="utf-8-sig")))
head, data = rows[0], rows[1:]
score_cols = {i for i, h in enumerate(head) if h not in ("tahun", "provinsi", "kode", "instansi",
                                                          "jenis", "skpd", "tanpa_maladministrasi")}
for path, as_formula in ((plain, False), (formulas, True)):
    wb = Workbook()
    p = wb.active
    p.title = "Petunjuk"
    p.append(["Isi lembar Data: satu baris per unit layanan."])
    r = wb.create_sheet("Ringkasan")
    r.append(["Ringkasan", "jumlah baris", len(data)])
    ws = wb.create_sheet("Data")
    ws.append(head)
    for k, row in enumerate(data):
        out = []
        for i, v in enumerate(row):
            if i in score_cols and v != "":
                if as_formula:
                    cents = round(float(v) * 100)
                    v = f"={cents}/100"
                elif k % 2:
                    v = v.replace(".", ",")
                else:
                    v = float(v)
            elif head[i] == "tahun":
                v = int(v)
            out.append(None if v == "" else v)
        ws.append(out)
    # Provinsi and instansi typed once for their rows (a merge down, as clerks do).
    for col in (head.index("provinsi"), head.index("instansi")):
        start = 0
        for k in range(1, len(data) + 1):
            if k == len(data) or data[k][col] != data[start][col] or \
                    data[k][head.index("tahun")] != data[start][head.index("tahun")]:
                if k - start > 1:
                    ws.merge_cells(start_row=start + 2, end_row=k + 1, start_column=col + 1,
                                   end_column=col + 1)
                start = k
    wb.save(path)
PY
    expect_rc 0 "$KEPATUHAN" "${RUN[@]}" --out "$WORK/$base-py" "$WORK/$base-py.xlsx"
    same_data "$WORK/$base-csv" "$WORK/$base-py" "$base openpyxl"

    # Formulas never calculated: an error at the cell that says what to do.
    expect_rc 2 "$KEPATUHAN" periksa "$WORK/$base-rumus.xlsx"
    contains "$WORK/out.txt" "$base-rumus.xlsx:Data!"
    contains "$WORK/out.txt" "rumus tanpa nilai tersimpan; buka berkas di Excel atau LibreOffice lalu simpan"
    soffice_to xlsx "$WORK/lo-rumus" "$WORK/$base-rumus.xlsx"
    expect_rc 0 "$KEPATUHAN" "${RUN[@]}" --out "$WORK/$base-rumus" "$WORK/lo-rumus/$base-rumus.xlsx"
    same_data "$WORK/$base-csv" "$WORK/$base-rumus" "$base rumus (LibreOffice)"
done

# --- The template, filled in -----------------------------------------------------------------
"$KEPATUHAN" --quiet templat-input --tahun 2023 "$WORK/templat.xlsx"
"$PY" - "$KP_SRC/samples/hasil-2023.csv" "$WORK/templat.xlsx" <<'PY' || fail "isi templat gagal"
import csv, sys
from openpyxl import load_workbook
src, path = sys.argv[1:3]
rows = list(csv.DictReader(open(src, newline="", encoding="utf-8-sig")))
wb = load_workbook(path)
ws = wb["Data"]
head = [c.value for c in ws[1]]
for row in rows:
    ws.append([(float(row[h]) if h not in ("provinsi", "kode", "instansi", "jenis", "skpd")
                and row[h] != "" else (row[h] or None)) for h in head])
wb.save(path)
PY
expect_rc 0 "$KEPATUHAN" "${RUN[@]}" --out "$WORK/templat-out" "$WORK/templat.xlsx"
same_data "$WORK/hasil-2023-csv" "$WORK/templat-out" "templat-input"

# --- Mixed with CSV in one run; --lembar; the workbook's digest in Metodologi ------------------
if [ -f "$KP_SRC/samples/hasil-2025.csv" ]; then
    expect_rc 0 "$KEPATUHAN" --quiet --tanpa-rapor --piagam tidak --surat tidak --out "$WORK/campur" \
        "$KP_SRC/samples/hasil-2023.csv" --lembar Data "$WORK/hasil-2025-py.xlsx"
    sha=$(sha256sum "$WORK/hasil-2025-py.xlsx" | cut -d' ' -f1)
    unzip -p "$WORK"/campur/2025/rekap-*.xlsx xl/sharedStrings.xml | grep -q "$sha" ||
        fail "SHA-256 buku kerja tidak ada di Metodologi"
fi
expect_rc 2 "$KEPATUHAN" periksa --lembar Dta "$WORK/hasil-2023-py.xlsx"
contains "$WORK/out.txt" "hasil-2023-py.xlsx: tidak ada lembar \"Dta\" (--lembar); maksud Anda 'Data'?"
# Petunjuk is never data, even when it is the only visible sheet with a first row.
expect_rc 0 "$KEPATUHAN" periksa --lembar data "$WORK/hasil-2023-py.xlsx"

# --- Errors name cells and rows ---------------------------------------------------------------
"$PY" - "$WORK/salah.xlsx" <<'PY' || fail "openpyxl gagal"
import sys
from openpyxl import Workbook
wb = Workbook()
ws = wb.active
ws.title = "Data"
ws.append(["tahun", "provinsi", "kode", "instansi", "jenis", "skpd", "input", "proses", "output",
           "pengaduan", "nilai"])
ws.append([2023, "Kalimantan Selatan", "63.72", "Kota Banjarbaru", "kota", "Disdukcapil",
           None, None, None, None, 90.31])
ws.append(["# contoh", None, None, None, None, None, None, None, None, None, "bukan angka"])
ws.append([2023, "Kalimantan Selatan", "63.72", "Kota Banjarbaru", "kota", "DPMPTSP",
           None, None, None, None, "9,2.0"])
ws.append([2023, "Kalimantan Selatan", "63.72", "Kota Banjarbaru", "kota", "Disdukcapil",
           None, None, None, None, 87.590000000000003])
ws.append([2023, "Kalimantan Selatan", "63.72", "Kota Banjarbaru", "kota", "Dinas Sosial",
           None, None, None, None, 87.555])
ws.append([2023, "Kalimantan Selatan", "63.72", "Kota Banjarbaru", "kota", "Dinas Kesehatan",
           None, None, None, None, "=1/0"])
wb.save(sys.argv[1])
PY
expect_rc 2 "$KEPATUHAN" --out "$WORK/salah-out" "$WORK/salah.xlsx"
contains "$WORK/out.txt" "salah.xlsx:Data!K4: nilai \"9,2.0\" bukan angka"
contains "$WORK/out.txt" "salah.xlsx:Data!5: unit \"Disdukcapil\" (Kota Banjarbaru, 2023) ganda: sudah ada di Data!2"
contains "$WORK/out.txt" "salah.xlsx:Data!K7: nilai berisi rumus tanpa nilai tersimpan"
[ ! -e "$WORK/salah-out" ] || fail "salah.xlsx: keluaran ditulis padahal ada kesalahan"

# --- Not workbooks: refused by name, exit 2, nothing written ------------------------------------
soffice_to ods "$WORK/ods" "$WORK/lo/hasil-2023.xlsx"
printf '\320\317\021\340\241\261\032\341%0500d' 0 >"$WORK/lama.xls"
"$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("a.txt", "x")' "$WORK/zip.xlsx"
for f in "$WORK/ods/hasil-2023.ods" "$WORK/lama.xls" "$WORK/zip.xlsx" "$KP_SRC/tests/fuzz/xlsxin/terenkripsi.xlsx"; do
    expect_rc 2 "$KEPATUHAN" --out "$WORK/jahat-out" "$f"
    contains "$WORK/out.txt" "$f"
    [ ! -e "$WORK/jahat-out" ] || fail "$f: keluaran ditulis"
done

# --- A pipe is never sniffed for a workbook (that would eat the CSV's first bytes); a
# workbook through a pipe is refused with what to do.
cat "$KP_SRC/samples/hasil-2023.csv" | expect_rc 0 "$KEPATUHAN" periksa /dev/stdin
contains "$WORK/out.txt" "Berkas baik"
"$KEPATUHAN" --quiet templat-input "$WORK/pipa.xlsx"
cat "$WORK/pipa.xlsx" | expect_rc 2 "$KEPATUHAN" periksa /dev/stdin
contains "$WORK/out.txt" "/dev/stdin:1: ini buku kerja Excel atau arsip zip"
echo "ok"
