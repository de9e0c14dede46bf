#!/usr/bin/env python3
"""Checks the QR codes read from documents against their register (tests/e2e/test_qr_dokumen.sh).

qr_cek.py TEKS URL: TEKS and URL are the output folders of a run without and with a
verifikasi_url (https://contoh.go.id/verifikasi/#{kode}). Beside every PDF lies NAME.qr.xml,
zbarimg --xml of its first page. Every year's data/dokumen.csv must list exactly the PDFs of
the year; a row with a kode_verifikasi must have read as exactly one symbol holding what
kodeverif_qr_text writes, a row without one (a summary) as none. Exits 1 naming the first
documents that differ, or when a kind of document (with and without a unit) was not tested.
"""
import csv
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = "{http://zbar.sourceforge.net/2008/barcode}"


def expected(r, url):
    """What the QR code of register row r holds (kodeverif_qr_text), or None without a code."""
    kode = r["kode_verifikasi"]
    if not kode:
        return None
    if url:
        return "https://contoh.go.id/verifikasi/#" + kode
    unit = r["unit"] + ", " if r["unit"] else ""
    kat = " (%s)" % r["kategori"] if r["kategori"] else ""
    return "KODE VERIFIKASI %s\n%s %s\n%s%s\n%s%s" % (
        kode, r["jenis"].capitalize(), r["tahun"], unit, r["instansi"],
        r["nilai"].replace(".", ","), kat)



def check_year(tahun_dir, url, salah, kinds):
    """Checks one year folder; returns the number of documents in its register."""
    with open(os.path.join(tahun_dir, "data", "dokumen.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pdfs = sorted(os.path.relpath(p, tahun_dir)
                  for p in glob.glob(os.path.join(tahun_dir, "**", "*.pdf"), recursive=True))
    if sorted(r["berkas"] for r in rows) != pdfs:
        salah.append("%s: dokumen.csv tidak memuat tepat semua PDF" % tahun_dir)
    for r in rows:
        xml = os.path.join(tahun_dir, r["berkas"][:-4] + ".qr.xml")
        got = [s.findtext(NS + "data") for s in ET.parse(xml).iter(NS + "symbol")]
        want = expected(r, url)
        kinds.add((r["jenis"], bool(r["unit"]), want is not None, url))
        if got != ([want] if want is not None else []):
            salah.append("%s: QR %r, seharusnya %r" % (os.path.join(tahun_dir, r["berkas"]), got,
                                                      want))
    return len(rows)


def main():
    salah, kinds, n = [], set(), 0
    for out, url in ((sys.argv[1], False), (sys.argv[2], True)):
        for reg in sorted(glob.glob(os.path.join(out, "*", "data", "dokumen.csv"))):
            n += check_year(os.path.dirname(os.path.dirname(reg)), url, salah, kinds)
    # (kind, a unit's document, has a code, with verifikasi_url) that the set must hold.
    need = {(j, u, True, url) for j in ("piagam", "rapor") for u in (False, True)
            for url in (False, True)}
    need |= {("surat", False, True, url) for url in (False, True)}
    need |= {("ringkasan", False, False, url) for url in (False, True)}
    if not need <= kinds:
        salah.append("jenis dokumen tidak teruji: %s" % sorted(need - kinds))
    for s in salah[:20]:
        print("GAGAL:", s, file=sys.stderr)
    if salah:
        sys.exit(1)
    print("OK: qr_dokumen, %d dokumen diperiksa" % n)


main()
