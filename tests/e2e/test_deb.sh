#!/usr/bin/env bash
# The Debian package as an operator gets it: `cpack -G DEB` from the build tree, unpacked with
# dpkg-deb -x into a scratch folder (another prefix than the one compiled in), Depends naming
# the runtime library packages, and the unpacked program running on the samples with the
# templates and fonts it carries - not the source tree's, not $KEPATUHAN_TEMPLAT.
source "$(dirname "$0")/lib.sh"
need cpack dpkg-deb
[ "${KP_SANITIZE:-OFF}" = "OFF" ] || skip "paket tidak dibuat dari build sanitizer"
: "${KP_BUILD:?run through ctest}"
[ -f "$KP_BUILD/CPackConfig.cmake" ] || fail "$KP_BUILD belum dikonfigurasi dengan CPack (CMakeLists.txt memuatnya)"

(cd "$KP_BUILD" && cpack -G DEB -B "$WORK/pkg") >"$WORK/cpack.txt" 2>&1 ||
    { cat "$WORK/cpack.txt" >&2; fail "cpack -G DEB gagal"; }
debs=("$WORK"/pkg/kepatuhan_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "tidak ada satu .deb di $WORK/pkg"
deb=${debs[0]}

# Depends: one entry per runtime library the binary links, each a Debian runtime package.
depends=$(dpkg-deb -f "$deb" Depends)
for p in libc6 libcsv3 libhpdf-2.3.0 libinih1 libnettle8 libdeflate0 libxlsxwriter4 libminizip1 libexpat1; do
    grep -qE "(^|, )$p( \(|,|$)" <<<"$depends" || fail "Depends tanpa $p: $depends"
done
grep -q -- "-dev" <<<"$depends" && fail "Depends memuat paket -dev: $depends"
[ "$(dpkg-deb -f "$deb" Package)" = kepatuhan ] || fail "nama paket salah"

root="$WORK/root"
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/kepatuhan"
share="$root/usr/share/kepatuhan"
for f in "$bin" "$share/templates/acara.ini" "$share/templates/rubrik/ombudsman-2022.ini" \
    "$share/fonts/serif-regular.ttf" "$share/fonts/OFL-GentiumBookPlus.txt" \
    "$root/usr/share/man/man1/kepatuhan.1.gz"; do
    [ -s "$f" ] || fail "paket tanpa ${f#"$root"/}"
done
gzip -dc "$root/usr/share/man/man1/kepatuhan.1.gz" | grep -q '^\.TH KEPATUHAN 1' ||
    fail "halaman man tidak terbaca"
cp "$KP_SRC"/samples/*.csv "$WORK/"

# Runs the unpacked program with no $KEPATUHAN_TEMPLAT, from the scratch folder; where the
# system allows a private mount namespace the source tree's templates and fonts are hidden
# too, so a wrong lookup fails instead of quietly using them.
run_unpacked() {
    if unshare -rm true 2>/dev/null; then
        (cd "$WORK" && env -u KEPATUHAN_TEMPLAT unshare -rm sh -c \
            'mount -t tmpfs none "$1/templates" && mount -t tmpfs none "$1/fonts" &&
             shift && exec "$@"' sh "$KP_SRC" "$@")
    else
        (cd "$WORK" && env -u KEPATUHAN_TEMPLAT "$@")
    fi
}

run_unpacked "$bin" rubrik 2023 >"$WORK/rubrik.txt" 2>&1 ||
    { cat "$WORK/rubrik.txt" >&2; fail "kepatuhan rubrik dari paket gagal"; }
loaded=$(sed -n 's/^Berkas *: *//p' "$WORK/rubrik.txt")
[ -n "$loaded" ] || fail "kepatuhan rubrik tidak menyebut berkas rubriknya"
case "$loaded" in
"$(cd "$root" && pwd -P)"/usr/share/kepatuhan/templates/rubrik/*) ;;
*) fail "rubrik dimuat dari $loaded, bukan dari paket yang dibongkar di $root" ;;
esac

run_unpacked "$bin" --quiet --out "$WORK/out" "$WORK"/hasil-*.csv >"$WORK/run.txt" 2>&1 ||
    { cat "$WORK/run.txt" >&2; fail "kepatuhan dari paket gagal pada samples/"; }
[ -s "$WORK/out/2023/rekap-kepatuhan-2023.xlsx" ] || fail "rekap 2023 tidak ditulis"
contains "$WORK/out/2023/data/instansi.csv" \
    "2023,Kalimantan Selatan,kota,Kota Banjarbaru,7,92.00,A,Kualitas Tertinggi,hijau"
echo "ok"
