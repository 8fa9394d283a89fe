#!/usr/bin/env bash
# Command-line tools the tests need besides Node: poppler-utils (pdftotext, pdftoppm) reads the
# report PDFs back (shared/reporting, functions/report). Debian/Ubuntu; CI calls this before tests.
set -euo pipefail
if command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; then
  echo "poppler-utils already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends poppler-utils
pdftotext -v 2>&1 | head -1
