#!/usr/bin/env bash
# Makes sure the browsers the tests and the demo drive are installed (Debian's packages).
# As root on Debian it installs what is missing; otherwise it says exactly what to install.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ "${1:-}" != "--chromium-only" ]; then
  command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
  # The UI languages the tests load besides en-US: Chromium's, and Firefox's language packs.
  for pkg in chromium-l10n firefox-esr-l10n-de firefox-esr-l10n-fr firefox-esr-l10n-es-es firefox-esr-l10n-ja; do
    if command -v dpkg >/dev/null 2>&1 && ! dpkg -s "$pkg" >/dev/null 2>&1; then need+=("$pkg"); fi
  done
fi
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} from Debian's packages…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" ca-certificates >/dev/null
else
  echo "Missing: ${need[*]}. Install them with:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  exit 1
fi
