#!/usr/bin/env bash
# Builds the front end and the desktop app with the front end embedded.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npm run --silent build >/dev/null)
cargo build --quiet -p insideout-desktop "$@"
