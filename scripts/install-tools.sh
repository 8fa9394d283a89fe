#!/usr/bin/env bash
# Command-line tools the tests need besides Node, from Debian's packages; CI calls this before tests:
# - poppler-utils (pdftotext, pdftoppm) reads the report PDFs back (shared/reporting, functions/report)
# - pgbackrest archives WAL and restores the cluster of the disaster-recovery drill (e2e/dr)
# - chromium is the headless browser the API reference's and the web application's e2e tests drive
#   with playwright-core, which downloads no browser of its own (e2e/src/api-reference, e2e/src/web)
# - curl runs the curl examples of docs/integration-kit.md in the same test, and the guides in docs/
#   call the REST APIs with it (the docs test runs them: e2e/docs)
# - openssl makes the test PKI for webhooks over mutual TLS (shared/webhooks, functions/notify)
# - buildah builds the function images (npm run build:images), podman runs one in the image test
#   (knative/src/images/images.int.test.ts) with runc, its runtime here (crun fails on cgroups), and
#   skopeo copies the built OCI layout to a registry keeping its digests (knative/README.md)
# - clamav (clamscan) scans appeal evidence files before they are stored (functions/appeals); the tests
#   scan against scripts/clamav/eicar.ndb, production against the database freshclam keeps
# - prometheus (prometheus, promtool) scrapes the distributed mesh in e2e/src/telemetry and checks and
#   unit-tests the SLO rules; prometheus-alertmanager (amtool) checks where the alerts go (shared/telemetry)
set -euo pipefail
declare -A wanted=([pdftotext]=poppler-utils [pdftoppm]=poppler-utils [pgbackrest]=pgbackrest [chromium]=chromium [curl]=curl [openssl]=openssl [buildah]=buildah [podman]=podman [runc]=runc [skopeo]=skopeo [clamscan]=clamav)
wanted+=([prometheus]=prometheus [promtool]=prometheus [amtool]=prometheus-alertmanager)
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
