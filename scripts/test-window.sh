#!/usr/bin/env bash
# The tests of the real desktop window, driven over WebDriver under Xvfb. They need the front end
# and the desktop app built; this script builds both (incrementally), then runs them. Extra
# arguments go to the test binary: `scripts/test-window.sh a_fake_supervisor` runs one test.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npm run --silent build >/dev/null)
cargo build --quiet -p insideout-desktop
cargo test --quiet -p insideout-tests --features real-window --test e2e -- "$@"
