#!/usr/bin/env bash
# Command-line tools the tests need besides Node, from Debian's packages; CI calls this before tests:
# - poppler-utils (pdftotext, pdftoppm) reads the report PDFs back (shared/reporting, functions/report)
# - pgbackrest archives WAL and restores the cluster of the disaster-recovery drill (e2e/dr)
# - chromium is the browser the web application's tests drive (e2e/src/web, playwright-core with
#   executablePath /usr/bin/chromium: playwright downloads no browser of its own here)
set -euo pipefail
declare -A wanted=([pdftotext]=poppler-utils [pdftoppm]=poppler-utils [pgbackrest]=pgbackrest [chromium]=chromium)
missing=()
for tool in "${!wanted[@]}"; do command -v "$tool" >/dev/null || missing+=("${wanted[$tool]}"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "tools already installed: ${!wanted[*]}"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
echo "installing: $packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $packages
