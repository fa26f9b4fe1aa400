#!/usr/bin/env bash
# Rebuild NOTICE from the project header and the per-area attribution files in NOTICE.d/.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  cat <<'HEAD'
rasd (رصد) — Arabic-native news event data
Copyright the rasd authors. Code licensed under the Apache License, Version 2.0.

This product includes or was built with data from third parties, credited below. Data read at
build, train or evaluation time from ../shared/data is not redistributed unless listed here as
shipped under resources/, samples/ or testdata/.
HEAD
  for f in NOTICE.d/*.txt; do
    echo
    echo "== $(basename "$f" .txt) =="
    cat "$f"
  done
} > NOTICE
