#!/usr/bin/env bash
# Sorts over every column, then a filter typed under the last sort, on a large recording in a 120x40 tmux
# pane; prints the resident memory and the keys the dashboard logged as slower than 16 ms (key to frame).
# Usage: scripts/million-keys.sh [recording=/tmp/fleet-1m.jsonl]   (scripts/fleet-recording.py makes one;
# builds a release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-/tmp/fleet-1m.jsonl}
# CHAINTOP_BIN runs a binary built elsewhere (an older commit, for a baseline in the same run).
bin=${CHAINTOP_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product chaintop >/dev/null
  bin=$(swift build -c release --show-bin-path)/chaintop
fi
sock=chaintop-keys-$$
log=/tmp/chaintop-keys-$$.log
tmux -L "$sock" new-session -d -s a -x 120 -y 40 "$bin --source $file --speed max --no-config --log-file $log"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
pid=$(tmux -L "$sock" list-panes -t a -F '#{pane_pid}')
# The whole recording is in when the status line's position reaches its end.
for _ in $(seq 1 300); do tmux -L "$sock" capture-pane -p -t a | tail -1 | grep -q "▶ \([0-9hm ]*[0-9]s\) / \1" && break; sleep 1; done
rss() { awk '/VmRSS/ {v=$2} END {print int(v / 1024)}' "/proc/$pid/status"; }
peak() { awk '/VmHWM/ {v=$2} END {print int(v / 1024)}' "/proc/$pid/status"; }
tmux -L "$sock" send-keys -t a 2; sleep 4
echo "resident after opening the Fleet: $(rss) MB (peak $(peak) MB)"
for k in s s s s s S s s s s s s s s s s s; do tmux -L "$sock" send-keys -t a "$k"; sleep 1.2; done
tmux -L "$sock" send-keys -t a /; sleep 1.5
for k in o p - 1 2; do tmux -L "$sock" send-keys -t a "$k"; sleep 1.2; done
tmux -L "$sock" send-keys -t a Enter; sleep 4  # freed memory goes back 3 s after the last key
echo "resident at the end: $(rss) MB (peak $(peak) MB)"
echo "of 23 keys, slower than 16 ms:"
grep "slow key" "$log" | sed 's/^[0-9]* //' || echo "none"
