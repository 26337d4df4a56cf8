#!/usr/bin/env bash
# Runs every test: unit tests, GPU tests on lavapipe, and the end-to-end tests, each of which
# starts its own private headless compositor (weston or sway) and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
swift build --build-tests
swift test "$@"
