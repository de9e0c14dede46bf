#!/usr/bin/env python3
"""Checks a Ringkasan Eksekutif against the data files of its year (tests/e2e/test_ringkasan.sh).

ringkasan_cek.py TEKS.txt DATA_DIR [PROVINSI]: TEKS.txt is pdftotext -layout of the summary,
DATA_DIR the year's data/ folder. Every figure of the headline table, the distribution table
and the comparison sentence is computed here from instansi.csv, skpd.csv and
perbandingan.csv in integer hundredths, formatted the Indonesian way, and looked for in the
text. Exits 1 naming the first figure that is missing.
"""
import csv
import os
import re
import sys


def hundredths(s):
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2]) * (1 if not whole.startswith("-") else -1)


def nilai(v):
    return f"{v // 100},{v % 100:02d}"


def bulat(v):
    return f"{v:,}".replace(",", ".")


def mean(xs):
    return (2 * sum(xs) + len(xs)) // (2 * len(xs))  # half up, non-negative scores


def main():
    teks_path, data, prov = sys.argv[1], sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else None)
    lines = [l.strip() for l in open(teks_path, encoding="utf-8")]
    inst = list(csv.DictReader(open(os.path.join(data, "instansi.csv"), encoding="utf-8")))
    skpd = list(csv.DictReader(open(os.path.join(data, "skpd.csv"), encoding="utf-8")))
    if prov:
        inst = [r for r in inst if r["provinsi"] == prov]
        skpd = [r for r in skpd if r["provinsi"] == prov]
    counted = [r for r in inst if r["jenis"] != "vertikal"]
    vert = [r for r in inst if r["jenis"] == "vertikal"]

    def row(label, value):
        """A table line that starts with label and ends with value."""
        for l in lines:
            if l.startswith(label) and re.search(r"(^|\s)" + re.escape(value) + r"$", l):
                return
        sys.exit(f"GAGAL: baris '{label} ... {value}' tidak ada di {teks_path}")

    row("Instansi dinilai", bulat(len(counted)))
    for j in ("Kementerian", "Lembaga", "Provinsi", "Kabupaten", "Kota"):
        n = sum(1 for r in counted if r["jenis"] == j.lower())
        if n:
            row(f"{j} dinilai", bulat(n))
    if vert:
        row("Kantor vertikal dinilai", bulat(len(vert)))
    row("Unit layanan dinilai", bulat(len(skpd)))
    scores = [hundredths(r["nilai"]) for r in counted]
    row("Nilai rata-rata instansi", nilai(mean(scores)))
    row("Nilai instansi tertinggi", nilai(max(scores)))
    row("Nilai instansi terendah", nilai(min(scores)))
    if "tanpa_maladministrasi" in (inst[0] if inst else {}):
        row("Instansi Tanpa Maladministrasi",
            bulat(sum(1 for r in counted if r["tanpa_maladministrasi"] == "ya")))
    if skpd and "pembinaan" in skpd[0]:
        row("Unit layanan dalam pembinaan", bulat(sum(1 for r in skpd if r["pembinaan"] == "ya")))
    if any(r["zona"] for r in counted):
        for z in ("hijau", "kuning", "merah"):
            row(f"Instansi di Zona {z.capitalize()}", bulat(sum(1 for r in counted if r["zona"] == z)))
    # Distribution: "A · label   range   instansi [gate]   units" per lettered band.
    for k in sorted({r["kategori"] for r in counted + skpd if r["kategori"]}):
        ni = sum(1 for r in counted if r["kategori"] == k)
        nu = sum(1 for r in skpd if r["kategori"] == k)
        pat = re.compile(r"^" + re.escape(k) + r" · .*\s" + re.escape(bulat(ni)) + r"\s+([\d.]+\s+)?" + re.escape(bulat(nu)) + r"$")
        if not any(pat.search(l) for l in lines):
            sys.exit(f"GAGAL: sebaran kategori {k}: {ni} instansi, {nu} unit tidak ada di {teks_path}")
    banding = os.path.join(data, "perbandingan.csv")
    if os.path.exists(banding):
        rows = list(csv.DictReader(open(banding, encoding="utf-8")))
        if prov:
            rows = [r for r in rows if r["provinsi"] == prov]
        n = {g: sum(1 for r in rows if r["perubahan"] == g) for g in ("naik", "turun", "tetap", "baru", "hilang")}
        text = re.sub(r"\s+", " ", " ".join(lines))
        want = f"{bulat(n['naik'])} naik, {bulat(n['turun'])} turun, {bulat(n['tetap'])} tetap, {bulat(n['baru'])} baru"
        if want not in text:
            sys.exit(f"GAGAL: perbandingan '{want}' tidak ada di {teks_path}")


main()
