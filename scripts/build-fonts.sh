#!/bin/sh
# Rebuilds the fonts in fonts/ that the PDF documents embed, from Debian font packages.
#
# Usage: scripts/build-fonts.sh [OUTDIR]      (OUTDIR defaults to fonts/ beside this script)
#
# Needs these Debian packages (this script installs nothing; install them yourself):
#   apt-get install fonts-sil-gentiumplus fonts-dancingscript fonts-crosextra-carlito \
#       python3-fonttools
#
# Why: libharu 2.3.0 re-reads the whole font file for every document and copies every
# TrueType table except glyf into each PDF, so the stock fonts (600-900 KB) would make every
# certificate big and slow. Each font is cut down to the printable Windows-1252 repertoire
# (the "CP1252" encoder the documents use) plus .notdef, hinting and OpenType layout tables
# are dropped, and CFF outlines are converted to the quadratic TrueType outlines that libharu
# can read. All three families are OFL with Reserved Font Names, so the modified fonts are
# renamed (KP Serif, KP Script, KP Sans); copyright, version and licence records are kept.
#
# Output is deterministic: head.modified is pinned to the source font's value, so running
# the script twice gives byte-identical files.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../fonts"}

missing=""
for p in fonts-sil-gentiumplus fonts-dancingscript fonts-crosextra-carlito python3-fonttools; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done
if [ -n "$missing" ]; then
    echo "build-fonts: missing Debian packages:$missing" >&2
    echo "install them with: apt-get install$missing" >&2
    exit 1
fi

mkdir -p "$out"

# Debian's interpreter, not whatever python3 comes first on PATH: python3-fonttools is
# installed for it only.
/usr/bin/python3 - "$out" <<'EOF'
import logging
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import cmap_format_4
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

# Dancing Script's head.created predates 1904-based timestamps; fontTools warns about it on
# every load, which is noise here since the value is copied through untouched.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

OUT = sys.argv[1]
GENTIUM = "/usr/share/fonts/truetype/gentiumplus/"
DANCING = "/usr/share/fonts/opentype/dancingscript/"
CARLITO = "/usr/share/fonts/truetype/crosextra/"

# (output file, source file, new family, style)
FONTS = [
    ("serif-regular.ttf", GENTIUM + "GentiumBookPlus-Regular.ttf", "KP Serif", "Regular"),
    ("serif-bold.ttf", GENTIUM + "GentiumBookPlus-Bold.ttf", "KP Serif", "Bold"),
    ("serif-italic.ttf", GENTIUM + "GentiumBookPlus-Italic.ttf", "KP Serif", "Italic"),
    ("script.ttf", DANCING + "DancingScript-Bold.otf", "KP Script", "Bold"),
    ("sans-regular.ttf", CARLITO + "Carlito-Regular.ttf", "KP Sans", "Regular"),
    ("sans-bold.ttf", CARLITO + "Carlito-Bold.ttf", "KP Sans", "Bold"),
]

# Every printable character of Windows-1252 (0x20-0x7E and 0x80-0xFF less its five
# undefined bytes), so any name that fits the CP1252 encoder can be printed.
CP1252 = sorted({ord(bytes([b]).decode("cp1252")) for b in range(0x20, 0x100)
                 if b != 0x7F and b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})

# The tables libharu 2.3.0 reads (hpdf_fontdef_tt.c); anything else would be dead weight.
KEEP = {"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap", "post", "name", "OS/2"}

# Name records kept from the source: copyright (0), version (5) and licence URL (14).
# Family, style, full and PostScript names are replaced (Reserved Font Names), the licence
# description (13) becomes the OFL's short notice. libharu copies the whole name table into
# every PDF, so nothing else is kept: trademark, manufacturer, designer, vendor URLs and
# unique ID are in fonts/README.md and the OFL-*.txt files that ship beside the fonts.
KEEP_NAME_IDS = {0, 5, 14}

# Some sources lack a code point whose look is another glyph's (no-break space, soft
# hyphen): map them to that glyph rather than leave a hole in the repertoire.
ALIASES = {0x00A0: 0x0020, 0x00AD: 0x002D}

OFL_NOTICE = ("This Font Software is licensed under the SIL Open Font License, Version 1.1. "
              "This license is available with a FAQ at: https://openfontlicense.org")
OFL_URL = "https://openfontlicense.org"


def cff_to_glyf(font):
    """Replaces CFF outlines with quadratic TrueType ones (libharu reads only glyf)."""
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(gs)
        # 1 unit in a 1000-unit em: invisible at any print size.
        gs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def add_macron(font):
    """Builds U+00AF from the hyphen raised to accent height when the source has none."""
    cmap = font.getBestCmap()
    if 0x00AF in cmap or 0x002D not in cmap:
        return
    glyf = font["glyf"]
    hyphen = cmap[0x002D]
    hg = glyf[hyphen]
    hg.recalcBounds(glyf)
    os2 = font["OS/2"]
    x_height = getattr(os2, "sxHeight", 0) or int(font["head"].unitsPerEm * 0.5)
    comp = GlyphComponent()
    comp.glyphName = hyphen
    comp.x = 0
    comp.y = int(x_height + font["head"].unitsPerEm * 0.12) - hg.yMin
    comp.flags = 0x0004  # ROUND_XY_TO_GRID, as fontTools writes for plain offsets
    g = Glyph()
    g.numberOfContours = -1
    g.components = [comp]
    order = font.getGlyphOrder() + ["macron"]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyf["macron"] = g
    font["hmtx"]["macron"] = font["hmtx"][hyphen]
    for t in font["cmap"].tables:
        t.cmap[0x00AF] = "macron"
    font["maxp"].numGlyphs = len(order)


def only_cmap_31(font):
    """Leaves a single (3,1) format 4 subtable: the one libharu looks up."""
    best = font.getBestCmap()
    t = cmap_format_4(4)
    t.platformID, t.platEncID, t.language = 3, 1, 0
    t.cmap = {cp: best[cp] for cp in CP1252 if cp in best}
    for cp, src in ALIASES.items():
        if cp not in t.cmap and src in best:
            t.cmap[cp] = best[src]
    font["cmap"].tableVersion = 0
    font["cmap"].tables = [t]


def rename(font, family, style):
    name = font["name"]
    kept = [n for n in name.names
            if n.platformID == 3 and n.platEncID == 1 and n.langID == 0x409
            and n.nameID in KEEP_NAME_IDS]
    name.names = kept
    ps = family.replace(" ", "") + "-" + style
    # "Version 1.103; Beta1; ...; ttfautohint (...)": the number is the version, the rest
    # describes build tools (and hinting this subset no longer has).
    version = str(name.getName(5, 3, 1, 0x409)).split(";")[0].strip()
    # Style-linked family: Regular/Bold/Italic share nameID 1, no typographic names needed.
    # The licence description is the OFL's own short notice (OFL-FAQ 1.10: a font embedded
    # in a document needs no full text; the full text ships as fonts/OFL-*.txt).
    for nid, text in ((1, family), (2, style),
                      (4, family + " " + style if style != "Regular" else family),
                      (5, version), (6, ps), (13, OFL_NOTICE)):
        name.setName(text, nid, 3, 1, 0x409)
    if name.getName(14, 3, 1, 0x409) is None:
        name.setName(OFL_URL, 14, 3, 1, 0x409)


def build(out_name, src, family, style):
    font = TTFont(src, recalcTimestamp=False)
    modified = font["head"].modified
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.drop_tables += ["GDEF", "GPOS", "GSUB", "kern", "gasp", "Silt", "FFTM", "DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=CP1252)
    sub.subset(font)
    if "CFF " in font:
        cff_to_glyf(font)
    add_macron(font)
    only_cmap_31(font)
    for tag in list(font.keys()):
        if tag != "GlyphOrder" and tag not in KEEP:
            del font[tag]
    post = font["post"]
    post.formatType = 3.0
    rename(font, family, style)
    font["head"].modified = modified
    font.save(OUT + "/" + out_name, reorderTables=True)
    have = set(font.getBestCmap())
    lost = [f"U+{cp:04X}" for cp in CP1252 if cp not in have]
    print(f"{out_name}: {font['maxp'].numGlyphs} glyphs"
          + (f", not in source: {' '.join(lost)}" if lost else ""))


for spec in FONTS:
    build(*spec)
EOF

cp /usr/share/doc/fonts-sil-gentiumplus/copyright "$out/OFL-GentiumBookPlus.txt"
cp /usr/share/doc/fonts-dancingscript/copyright "$out/OFL-DancingScript.txt"
cp /usr/share/doc/fonts-crosextra-carlito/copyright "$out/OFL-Carlito.txt"
