#!/usr/bin/env bash
# Opens the Flotilla demo. In a Wayland session it opens there (arguments go to flotilla).
# Without one it starts a private headless weston, runs the demo in it for 10 seconds, saves
# screenshots and the stats file, stops weston, and prints the folder they are in.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
swift build -c release --product flotilla >&2
flotilla=$(swift build -c release --show-bin-path)/flotilla

session_socket="${WAYLAND_DISPLAY:-}"
[ -n "$session_socket" ] && [ "${session_socket:0:1}" != "/" ] && session_socket="${XDG_RUNTIME_DIR:-/nonexistent}/$session_socket"
if [ -n "$session_socket" ] && [ -S "$session_socket" ]; then
    exec "$flotilla" "$@"
fi

out=$(mktemp -d /tmp/flotilla-demo-XXXXXX)
runtime="$out/runtime"
mkdir -m 700 "$runtime"
XDG_RUNTIME_DIR="$runtime" weston --backend=headless-backend.so --use-pixman --idle-time=0 --socket=flotilla-demo \
    --width=1600 --height=900 --debug >"$out/weston.log" 2>&1 &
weston_pid=$!
trap 'kill "$weston_pid" 2>/dev/null; wait "$weston_pid" 2>/dev/null; rm -rf "$runtime"' EXIT
for _ in $(seq 100); do [ -S "$runtime/flotilla-demo" ] && break; sleep 0.1; done
[ -S "$runtime/flotilla-demo" ] || { echo "flotilla: weston did not start; see $out/weston.log" >&2; exit 1; }
export XDG_RUNTIME_DIR="$runtime" WAYLAND_DISPLAY=flotilla-demo
sleep 0.5

echo "No Wayland session: running the demo in a private headless weston for 10 s." >&2
"$flotilla" --seconds 10 --size 640x400 --stats "$out/stats.jsonl" "$@" 2>"$out/flotilla.log" &
flotilla_pid=$!
for at in 3 7; do
    sleep 4
    (cd "$out" && timeout 20 weston-screenshooter) || echo "flotilla: screenshot at ${at}s failed" >&2
done
wait "$flotilla_pid"
status=$?
for shot in "$out"/wayland-screenshot-*.png; do
    [ -e "$shot" ] && mv "$shot" "$out/screenshot-$(basename "$shot" | sed 's/wayland-screenshot-//')"
done
echo "Screenshots, stats.jsonl and logs are in: $out"
exit "$status"
