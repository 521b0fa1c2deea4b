#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with playwright-core (which downloads no browser).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "[ensure-chromium] no Chromium and no apt-get: install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi
echo "[ensure-chromium] installing chromium from Debian's packages"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
