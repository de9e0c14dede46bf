#!/usr/bin/env bash
# Issue 21: nothing a document prints runs into its QR code or its verification code. Keyed
# documents of every kind for the longest names of kp-gen's national data (a ministry with the
# longest name and the longest unit names, a province, a kabupaten), letters with long
# addresses (alamat.csv), and report cards under a rubric whose id is 63 characters (the
# longest a rubric file may have): on each page of every PDF, no word of pdftotext -bbox lies
# in the QR code's square, and only the code's own words lie in the code's block (both read
# from the template the document was drawn with).
source "$(dirname "$0")/lib.sh"
need pdftotext python3
gen="${KP_BUILD:-}/bench/kp-gen"
[ -x "$gen" ] || fail "bench/kp-gen belum dibuat"

"$gen" --size nasional --tahun 2024 --out "$WORK/nasional.csv"
python3 - "$WORK/nasional.csv" "$WORK/kecil.csv" <<'PY'
import csv, sys
pilih = {"Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi",
         "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
         "Provinsi Kalimantan Selatan", "Kabupaten Hulu Sungai Selatan"}
with open(sys.argv[1], newline="") as f:
    r = csv.reader(f)
    head = next(r)
    rows = [x for x in r if x[3] in pilih]
keep = []
for inst in sorted({x[3] for x in rows}):
    keep += sorted((x for x in rows if x[3] == inst), key=lambda x: -len(x[5]))[:2]
if len({x[3] for x in keep}) != len(pilih):
    sys.exit("kp-gen tidak lagi memuat semua instansi pilihan")
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(head)
    w.writerows(keep)
PY

# The shipped templates with the 2022-2024 rubric under a 63-character id and long addresses.
tpl="$WORK/templat"
mkdir -p "$tpl"
cp -r "$KP_SRC/templates/." "$tpl/"
panjang=penilaian-kepatuhan-standar-pelayanan-publik-ombudsman-ri-22-24
[ ${#panjang} -eq 63 ] || fail "id rubrik uji bukan 63 karakter: ${#panjang}"
mv "$tpl/rubrik/ombudsman-2022.ini" "$tpl/rubrik/$panjang.ini"
# Their own rows replace any the shipped alamat.csv has.
grep -v -e '^Kabupaten Hulu Sungai Selatan,' -e '^"\?Kementerian Desa,' "$KP_SRC/templates/alamat.csv" \
    >"$tpl/alamat.csv"
cat >>"$tpl/alamat.csv" <<'CSV'
"Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi","Menteri Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi Republik Indonesia c.q. Sekretaris Jenderal Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi",Jalan Taman Makam Pahlawan Kalibata Nomor 17 Pancoran Jakarta Selatan Daerah Khusus Ibukota Jakarta
Kabupaten Hulu Sungai Selatan,Bupati Hulu Sungai Selatan c.q. Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Hulu Sungai Selatan,Kandangan Kabupaten Hulu Sungai Selatan Provinsi Kalimantan Selatan
CSV
# And letters that run onto a second page, so the first is filled down to its bottom margin.
python3 - "$tpl/surat/instansi.isi.ini" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
isi = "".join("paragraf = Paragraf tambahan %d untuk uji tumpang tindih: kalimat yang cukup panjang "
              "untuk mengisi\n  beberapa baris surat sampai batas margin bawah halaman pertama, tempat "
              "kode QR dan kode verifikasi dicetak.\n" % i for i in range(12))
open(p, "w", encoding="utf-8").write(s.replace("[tembusan]", isi + "\n[tembusan]", 1))
PY
"$KEPATUHAN" --quiet kunci-baru "$WORK/kunci"
"$KEPATUHAN" --quiet --kunci "$WORK/kunci" --templat "$tpl" --piagam semua --piagam-tingkat semua \
    --surat semua --rapor-skpd --out "$WORK/out" "$WORK/kecil.csv"

find "$WORK/out" -name '*.pdf' -print0 | xargs -0 -P 2 -I{} pdftotext -bbox {} {}.html ||
    fail "pdftotext gagal"
python3 - "$WORK/out/2024" "$tpl" "$panjang" <<'PY'
import configparser, csv, os, re, sys

root, tpl, panjang = sys.argv[1:]
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page ')


def boxes(path):
    """The QR code's square and the code block's box (x0, y0, x1, y1) of a template."""
    c = configparser.ConfigParser(inline_comment_prefixes=None, strict=False, interpolation=None)
    c.read(path)
    q, k = c["qr qr"], c["text kode_verifikasi"]
    qx, qy, qw = float(q["x"]), float(q["y"]), float(q["width"])
    kx, ky, kw = float(k["x"]), float(k["y"]), float(k["width"])
    kh = 2 * float(k["size"]) * float(k.get("leading", "1.2"))
    return (qx, qy, qx + qw, qy + qw), (kx, ky, kx + kw, ky + kh)


def meets(a, b):
    # A word's box is the font's whole height; 0.5 pt of slack on every side.
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


salah, n, kinds, rubrik_panjang = [], 0, set(), False
with open(os.path.join(root, "data", "dokumen.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
for r in rows:
    if not r["kode_verifikasi"]:
        continue
    tingkat = "skpd" if r["unit"] else "instansi"
    qr, kode = boxes(os.path.join(tpl, r["jenis"], tingkat + ".ini"))
    html = open(os.path.join(root, r["berkas"]) + ".html", encoding="utf-8").read()
    first = PAGE.split(html)[1]
    boleh = {"Kode", "verifikasi", r["kode_verifikasi"]}
    for m in WORD.finditer(first):
        box, w = tuple(float(v) for v in m.groups()[:4]), m.group(5)
        if meets(box, qr):
            salah.append("%s: \"%s\" di kode QR %s" % (r["berkas"], w, box))
        if meets(box, kode) and w not in boleh:
            salah.append("%s: \"%s\" di blok kode verifikasi %s" % (r["berkas"], w, box))
    rubrik_panjang |= r["jenis"] == "rapor" and panjang in html
    if r["jenis"] == "surat" and len(PAGE.split(html)) < 3:
        salah.append("%s: surat uji hanya satu halaman" % r["berkas"])
    kinds.add((r["jenis"], bool(r["unit"])))
    n += 1
need = {("piagam", False), ("piagam", True), ("rapor", False), ("rapor", True), ("surat", False)}
if not need <= kinds:
    salah.append("jenis dokumen tidak teruji: %s" % sorted(need - kinds))
if not rubrik_panjang:
    salah.append("id rubrik panjang tidak tercetak di rapor")
for s in salah[:20]:
    print("GAGAL:", s, file=sys.stderr)
if salah:
    sys.exit(1)
print("OK: qr_tumpang, %d dokumen diperiksa" % n)
PY
