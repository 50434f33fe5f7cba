#!/usr/bin/env bash
# The fault suite at length: many more kills, network faults and hostile inputs than CI runs,
# with the figures of each scenario printed at the end (docs/reliability.md). Set FAULT_SEED to
# repeat a run exactly (each scenario prints the seed it used). Repeats the whole suite
# ROUNDS times (default 1).
#   scripts/faults.sh            # about 10x CI's counts
#   ROUNDS=5 scripts/faults.sh   # five times over
set -euo pipefail
cd "$(dirname "$0")/.."
export FAULT_KILL_SAVE_RUNS="${FAULT_KILL_SAVE_RUNS:-300}"
export FAULT_KILL_SYNC_RUNS="${FAULT_KILL_SYNC_RUNS:-200}"
export FAULT_NETWORK_ROUNDS="${FAULT_NETWORK_ROUNDS:-300}"
export FAULT_FUZZ_CASES="${FAULT_FUZZ_CASES:-5000}"
export FAULT_SERVICE_KILLS="${FAULT_SERVICE_KILLS:-100}"
export FAULT_SOAK_DAYS="${FAULT_SOAK_DAYS:-30}"
for round in $(seq "${ROUNDS:-1}"); do
  printf '\033[1m==> Fault suite, round %s\033[0m\n' "$round"
  cargo test --release --quiet -p insideout-tests --test faults -- --nocapture --test-threads 1 2>&1 |
    grep -E '^\.?FAULTS|FAULT_SEED|panicked|test result' | sed 's/^\.//'
done
