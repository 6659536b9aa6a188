#!/usr/bin/env bash
# Measures an idle chaintop-agent (release build) at a 10 s heartbeat: CPU from /proc/PID/stat
# utime+stime over the window, resident memory from /proc/PID/status. The coordinator it talks to is
# the debug build on 127.0.0.1 (its own cost is not measured here).
# Usage: scripts/agent-idle.sh [seconds=60]   (build first: swift build -c release --product chaintop-agent
#                                              and swift build --product chaintop-coordinator)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
agent=$(swift build -c release --show-bin-path)/chaintop-agent
coordinator=$(swift build --show-bin-path)/chaintop-coordinator
dir=$(mktemp -d /tmp/agent-idle.XXXXXX)
"$coordinator" --listen 127.0.0.1:0 --data "$dir/c" --log "$dir/c.log" --heartbeat-interval 10 >"$dir/c.out" &
cpid=$!
trap 'kill $apid $cpid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
until grep -q "listening on" "$dir/c.out" 2>/dev/null; do sleep 0.1; done
url="http://$(grep -o '127.0.0.1:[0-9]*' "$dir/c.out" | head -1)"
"$agent" --coordinator "$url" --token "$(cat "$dir/c/admin.token")" --operator op-idle --node idle \
  --heartbeat 10s --state "$dir/idle.json" 2>"$dir/agent.log" &
apid=$!
until grep -q joined "$dir/agent.log" 2>/dev/null; do sleep 0.1; done
sleep 12  # past the first heartbeat and work poll
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
field() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)
t0=$(ticks $apid)
sleep "$seconds"
t1=$(ticks $apid)
echo "chaintop-agent idle, --heartbeat 10s, window ${seconds}s, $(nproc) cores, CLK_TCK $hz"
awk -v t=$((t1 - t0)) -v hz="$hz" -v s="$seconds" 'BEGIN { printf "cpu: %d ticks = %.3f%% of one core\n", t, 100 * t / hz / s }'
for k in VmRSS RssAnon RssFile VmHWM Threads; do echo "$k: $(field $apid $k)"; done
echo "binary: $(du -h "$agent" | cut -f1)"
