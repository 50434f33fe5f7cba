#!/usr/bin/env bash
# The soak run: two coaches (one with a phone and a laptop) and a supervisor through a simulated
# month (FAULT_SOAK_DAYS, default 30) through a network that drops, truncates, resets, duplicates
# and fails a quarter of the requests. Prints the ops, conflicts, faults injected and anything
# lost (expected: none). ROUNDS repeats it (default 1); FAULT_SEED repeats a run exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
export FAULT_SOAK_DAYS="${FAULT_SOAK_DAYS:-30}"
for round in $(seq "${ROUNDS:-1}"); do
  printf '\033[1m==> Soak run %s: %s simulated days\033[0m\n' "$round" "$FAULT_SOAK_DAYS"
  cargo test --release --quiet -p insideout-tests --test faults -- soak --nocapture 2>&1 |
    grep -E '^\.?FAULTS|FAULT_SEED|panicked|test result' | sed 's/^\.//'
done
