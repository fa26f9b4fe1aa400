#!/usr/bin/env bash
# Installs headless Chromium (Debian packages `chromium`, `chromium-driver`) for the dashboard's browser
# tests (crates/server/tests/browser.rs). Idempotent and quiet: does nothing when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "browser-deps: /usr/bin/chromium is missing and this user cannot apt-get install it;" >&2
    echo "  install the Debian packages 'chromium' and 'chromium-driver', or set RASD_SKIP_BROWSER=1" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
test -x /usr/bin/chromium
