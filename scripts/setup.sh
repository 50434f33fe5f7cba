#!/usr/bin/env bash
# Installs what this project needs on Debian 12 and is missing, and nothing else.
# Safe to run again: every step checks first. Used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# System packages: Tauri's WebKitGTK, the WebDriver for the end-to-end test, a virtual display,
# ImageMagick for screenshots, and PostgreSQL for the service's test suite.
packages=(build-essential pkg-config libssl-dev file libwebkit2gtk-4.1-dev
          webkit2gtk-driver xvfb imagemagick postgresql-15 curl ca-certificates)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  say "Installing Debian packages: ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || fail "need root (or sudo) to install: ${missing[*]}"
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Rust 1.88 or newer (the code uses let-chains) and Node 20 or newer (SvelteKit, Vite, vitest).
command -v cargo >/dev/null || fail "Rust is missing: install Rust 1.88 or newer (rustup) and run this again"
rust_minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
((rust_minor >= 88)) || fail "Rust 1.88 or newer is needed; this is $(rustc --version)"
if ! command -v node >/dev/null; then
  say "Installing Node.js from Debian"
  ${sudo:-} apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || true
fi
command -v node >/dev/null || fail "Node.js 20 or newer is needed"
node_major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
((node_major >= 20)) || fail "Node.js 20 or newer is needed; this is $(node --version)"

# tauri-driver, from crates.io, for driving the real window in the end-to-end test.
if ! command -v tauri-driver >/dev/null && [[ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]]; then
  say "Installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# The front end's packages, exactly as locked.
if [[ ! -d ui/node_modules ]] || [[ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
  say "Installing the front end's packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
