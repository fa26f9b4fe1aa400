#!/usr/bin/env bash
# The project's test command (README "Run the tests"): build once, run every test once, then the
# end-to-end check of the main job on the bundled samples.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASD_SHARED="${RASD_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$RASD_SHARED/data" ]; then
  echo "warning: $RASD_SHARED/data not found; tests that need ../shared/data will say so and skip" >&2
fi
[ "${RASD_SKIP_BROWSER:-}" = 1 ] || bash scripts/browser-deps.sh  # headless Chromium for crates/server/tests/browser.rs
cargo test --workspace
