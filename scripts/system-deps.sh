#!/usr/bin/env bash
# Installs the Debian packages Sentra needs, only those missing.
#   runtime: the libraries WeasyPrint renders PDF reports with, and a font.
#   test:    headless Chromium for the browser tests, poppler-utils to read PDFs back.
set -euo pipefail
want=("$@")
[[ ${#want[@]} -gt 0 ]] || want=(runtime)

pkgs=()
need() { dpkg -s "$1" >/dev/null 2>&1 || pkgs+=("$1"); }
for group in "${want[@]}"; do
  case "$group" in
    runtime) need libpango-1.0-0; need libpangoft2-1.0-0; need libharfbuzz-subset0; need fonts-dejavu-core ;;
    test) need chromium; need poppler-utils ;;
    *) echo "unknown group: $group" >&2; exit 2 ;;
  esac
done
((${#pkgs[@]})) || exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "Missing Debian packages: ${pkgs[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${pkgs[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${pkgs[*]}"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null
