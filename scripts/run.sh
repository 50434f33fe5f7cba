#!/usr/bin/env bash
# Installs what is missing, builds, and opens Inside Out Coach.
#   scripts/run.sh --demo    a demo profile with three young people and 18 months of history
#                            (passphrase: demo passphrase), kept apart from real data
#   scripts/run.sh --demo-supervisor   the demo team's supervisor (after --demo has run once)
#   scripts/run.sh           your own profile
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "==> Building (the first build takes a few minutes)"
scripts/build.sh
binary="${CARGO_TARGET_DIR:-target}/debug/insideout-desktop"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  display=":$((90 + RANDOM % 100))"
  echo "==> No screen here: opening the app on a virtual display $display (Xvfb)."
  echo "    To see it: DISPLAY=$display import -window root screenshot.png"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  trap 'kill $! 2>/dev/null' EXIT
  export DISPLAY="$display"
  sleep 1
fi
echo "==> Opening Inside Out Coach"
"$binary" "$@"
