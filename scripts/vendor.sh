#!/usr/bin/env bash
# Refreshes the vendored front-end packages in sentra/static/vendor from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent chart.js@4.5.1 leaflet@1.9.4 >/dev/null && for f in *.tgz; do mkdir "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done)
V=sentra/static/vendor
cp "$tmp"/chart.js-4.5.1/package/dist/chart.umd.min.js "$tmp"/chart.js-4.5.1/package/LICENSE.md "$V/chartjs/"
cp "$tmp"/leaflet-1.9.4/package/dist/leaflet.{js,css} "$tmp"/leaflet-1.9.4/package/LICENSE "$V/leaflet/"
cp "$tmp"/leaflet-1.9.4/package/dist/images/* "$V/leaflet/images/"
