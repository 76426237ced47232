#!/usr/bin/env bash
# WeasyPrint (letters as PDF) loads the system's Pango library when it is imported. Install
# Debian's packages when they are missing and this runs as root with apt-get; otherwise say how.
# With --required (the test suite) a missing Pango stops with exit 2, as a missing chromium
# does; without it (make demo) it only warns: everything but letters works without Pango.
set -euo pipefail

have_pango() {
  python3 -c 'import ctypes.util, sys
sys.exit(0 if all(ctypes.util.find_library(n) for n in ("pango-1.0", "pangoft2-1.0")) else 1)'
}

have_pango && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's Pango for the PDF letters …"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0) >/dev/null
  exit 0
fi
hint="Letters as PDF (WeasyPrint) need Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"
if [ "${1:-}" = --required ]; then
  echo "$hint" >&2
  exit 2
fi
echo "$hint (everything else works without it)" >&2
