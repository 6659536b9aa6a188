#!/usr/bin/env bash
# Measures chaintop's CPU and resident memory over a window, beside htop in the same run:
# both in 120x40 tmux panes, chaintop on a simulated fleet, htop refreshing every second (-d 10).
# Usage: scripts/idle-cpu.sh [seconds=60] [nodes=10000]   (builds a release binary first; BIN=path measures
# that binary instead, for an A/B against an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
nodes=${2:-10000}
if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  swift build -c release --product chaintop >/dev/null
  bin=$(swift build -c release --show-bin-path)/chaintop
fi
sock=chaintop-idle-$$
log=/tmp/chaintop-idle-$$.log
tmux -L "$sock" new-session -d -s a -x 120 -y 40 "$bin --nodes $nodes --log-file $log"
tmux -L "$sock" new-session -d -s b -x 120 -y 40 "htop -d 10"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
# The steady state: after the simulator's warm-up (15 minutes of event time at once) is in, and a few
# seconds more for both to settle.
for _ in $(seq 1 600); do grep -q "the warm-up is in" "$log" 2>/dev/null && break; sleep 0.5; done
grep -q "the warm-up is in" "$log" || { echo "the warm-up did not finish in 5 minutes" >&2; exit 1; }
sleep 5
pid_of() { tmux -L "$sock" list-panes -t "$1" -F '#{pane_pid}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
a=$(pid_of a); b=$(pid_of b)
hz=$(getconf CLK_TCK)
a0=$(ticks "$a"); b0=$(ticks "$b")
sleep "$seconds"
a1=$(ticks "$a"); b1=$(ticks "$b")
echo "window ${seconds}s, chaintop --nodes $nodes vs htop -d 10, both 120x40"
awk -v t=$((a1 - a0)) -v hz="$hz" -v s="$seconds" -v r="$(rss "$a")" 'BEGIN { printf "chaintop: %.2f%% of one core, %.1f MB resident\n", 100 * t / hz / s, r / 1024 }'
awk -v t=$((b1 - b0)) -v hz="$hz" -v s="$seconds" -v r="$(rss "$b")" 'BEGIN { printf "htop:     %.2f%% of one core, %.1f MB resident\n", 100 * t / hz / s, r / 1024 }'
