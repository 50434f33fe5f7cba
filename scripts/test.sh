#!/usr/bin/env bash
# Installs what is missing and runs every check and test: formatting, lints, the front end's
# type check and unit tests, the generated bindings, every Rust test, the end-to-end tests of the
# real window under Xvfb (scripts/test-window.sh), and a quick run of the benchmark program.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
started=$SECONDS

step "Rust formatting"
cargo fmt --all -- --check
step "Front end: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build >/dev/null)
step "Desktop app (with the front end embedded)"
cargo build --quiet -p insideout-desktop
step "Lints"
cargo clippy --quiet --workspace --all-targets --all-features -- -D warnings
step "Rust tests (unit, integration, property, scenario, attack and fault suites)"
cargo test --workspace --quiet
step "Fault suite figures (docs/reliability.md; longer runs: scripts/faults.sh)"
cargo test --quiet -p insideout-tests --test faults -- --nocapture 2>&1 | grep -E '^\.?FAULTS' | sed 's/^\.//'

step "The real window (end-to-end, under Xvfb)"
scripts/test-window.sh
step "Benchmark program (quick run; full figures: cargo run --release -p insideout-bench)"
cargo run --quiet -p insideout-bench -- --quick
step "All checks passed in $((SECONDS - started)) s"
