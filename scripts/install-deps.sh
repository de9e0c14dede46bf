#!/bin/sh
# Installs the Debian packages a target needs, and only those that are missing.
# Usage: scripts/install-deps.sh build|test|bench
# Works as root and through sudo; does nothing (and needs neither) when all are present.
set -eu

build_pkgs="cmake make gcc pkg-config libcsv-dev libhpdf-dev libxlsxwriter-dev libinih-dev nettle-dev libdeflate-dev zlib1g-dev libminizip-dev libexpat1-dev libcmocka-dev libmicrohttpd-dev libcrypt-dev libqrencode-dev"
test_pkgs="$build_pkgs python3 dpkg-dev file poppler-utils qpdf unzip valgrind strace clang libclang-rt-14-dev libreoffice-calc-nogui python3-openpyxl curl openssl chromium zbar-tools fonts-dejavu-core"
# bench/run times the script a Python user would write (bench/peer.py) beside the program.
bench_pkgs="$build_pkgs time python3 python3-pandas python3-xlsxwriter python3-reportlab fonts-dejavu-core"

case "${1:-build}" in
  build) want=$build_pkgs ;;
  test) want=$test_pkgs ;;
  bench) want=$bench_pkgs ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 1 ;;
esac

missing=""
for p in $want; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  run=""
elif command -v sudo >/dev/null 2>&1; then
  run="sudo"
else
  echo "Missing Debian packages:$missing" >&2
  echo "Run as root or install sudo, or install them yourself: apt-get install$missing" >&2
  exit 1
fi

echo "Installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq
# shellcheck disable=SC2086
$run apt-get install -y -qq --no-install-recommends $missing >/dev/null
