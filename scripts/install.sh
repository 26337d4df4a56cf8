#!/usr/bin/env bash
# Installs Flotilla for one user (default prefix ~/.local) or into any prefix: the release
# binary, the font it draws with, a desktop entry whose name matches the app_id (flotilla), and
# an icon. Writes a list of what it installed, so --uninstall removes exactly that (and the
# folders it made), nothing else.
#   scripts/install.sh [--prefix DIR] [--binary PATH]    (PATH: a built binary; default: build one)
#   scripts/install.sh [--prefix DIR] --uninstall
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix="$HOME/.local"
binary=""
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
        --binary) binary=${2:?--binary needs a path}; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        *) echo "flotilla install: unknown argument '$1' (--prefix DIR, --binary PATH, --uninstall)" >&2; exit 64 ;;
    esac
done
prefix=$(mkdir -p "$prefix" && cd "$prefix" && pwd)
manifest="$prefix/share/flotilla/installed"

if [ "$uninstall" = 1 ]; then
    [ -f "$manifest" ] || { echo "flotilla install: nothing of Flotilla's is installed under $prefix" >&2; exit 1; }
    # Files first, then the folders this install made, deepest first, if nothing else is in them.
    grep '^file ' "$manifest" | cut -d' ' -f2- | while read -r file; do rm -f "$prefix/$file"; done
    rm -f "$manifest"
    grep '^folder ' "$manifest.folders" 2>/dev/null | cut -d' ' -f2- | sort -r | while read -r folder; do
        rmdir "$prefix/$folder" 2>/dev/null || true
    done
    rm -f "$manifest.folders"
    rmdir "$prefix/share/flotilla" "$prefix/share" 2>/dev/null || true
    echo "removed Flotilla from $prefix"
    exit 0
fi

if [ -z "$binary" ]; then
    source "$root/scripts/deps.sh"
    (cd "$root" && swift build -c release --product flotilla >&2)
    binary="$(cd "$root" && swift build -c release --show-bin-path)/flotilla"
fi
[ -x "$binary" ] || { echo "flotilla install: no binary at $binary" >&2; exit 1; }

folders=()
files=()
# Makes the folders a file needs, noting each one that did not exist.
place() {
    local source=$1 target=$2 mode=$3 folder
    folder=$(dirname "$target")
    local missing=()
    local walk="$folder"
    while [ "$walk" != "." ] && [ ! -d "$prefix/$walk" ]; do missing+=("$walk"); walk=$(dirname "$walk"); done
    mkdir -p "$prefix/$folder"
    for made in "${missing[@]}"; do folders+=("$made"); done
    install -m "$mode" "$source" "$prefix/$target"
    files+=("$target")
}

place "$binary" bin/flotilla 755
place "$root/assets/fonts/DejaVuSansMono.ttf" share/flotilla/fonts/DejaVuSansMono.ttf 644
place "$root/assets/fonts/DejaVu-LICENSE.txt" share/flotilla/fonts/DejaVu-LICENSE.txt 644
place "$root/assets/icons/flotilla.svg" share/icons/hicolor/scalable/apps/flotilla.svg 644
entry=$(mktemp)
trap 'rm -f "$entry"' EXIT
cat > "$entry" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Flotilla
GenericName=Multi-window GPU demo
Comment=Many windows over one shared Vulkan host, with a live memory overlay
Exec=$prefix/bin/flotilla
Icon=flotilla
Terminal=false
Categories=Graphics;3DGraphics;
StartupWMClass=flotilla
DESKTOP
place "$entry" share/applications/flotilla.desktop 644

mkdir -p "$(dirname "$manifest")"
printf 'file %s\n' "${files[@]}" > "$manifest"
: > "$manifest.folders"
for folder in "${folders[@]}"; do printf 'folder %s\n' "$folder" >> "$manifest.folders"; done
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$prefix/share/applications/flotilla.desktop"
fi
echo "installed Flotilla into $prefix (run $prefix/bin/flotilla; remove with $0 --prefix $prefix --uninstall)"
