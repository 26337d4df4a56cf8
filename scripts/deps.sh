#!/usr/bin/env bash
# Installs the Debian 12 packages Flotilla builds, runs and tests with, when any is missing.
# Sourced by scripts/test.sh and scripts/demo.sh; safe to run on its own.
set -euo pipefail

packages=(
    # build: C edges of the package and the generators
    pkg-config libwayland-dev wayland-protocols libwayland-bin libvulkan-dev libxkbcommon-dev
    libfreetype-dev libpng-dev libturbojpeg0-dev glslc fonts-dejavu-core
    # run and test without a GPU or a display
    mesa-vulkan-drivers vulkan-validationlayers vulkan-tools weston sway wtype grim util-linux
    # scripts/install.sh checks its desktop entry
    desktop-file-utils
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "flotilla: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH" && break
    done
fi
command -v swift >/dev/null 2>&1 || {
    echo "flotilla: Swift 6.1 or newer is needed: https://www.swift.org/install/linux/" >&2
    exit 1
}
