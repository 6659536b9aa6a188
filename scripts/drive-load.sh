#!/usr/bin/env bash
# Drives a coordinator (release build) with `chaintop sim --drive` (debug build) for a while and says what
# it took: the driver's summary (records accepted), CPU of both from /proc/PID/stat utime+stime over the
# run, and the coordinator's counters. Loopback only; stops by itself.
# Usage: scripts/drive-load.sh NODES [seconds=60]   (build first: swift build -c release --product
#                                                   chaintop-coordinator and swift build --product chaintop)
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=$1
seconds=${2:-60}
coordinator=$(swift build -c release --show-bin-path)/chaintop-coordinator
chaintop=$(swift build --show-bin-path)/chaintop
dir=$(mktemp -d /tmp/drive-load.XXXXXX)
"$coordinator" --listen 127.0.0.1:0 --data "$dir/c" --log "$dir/c.log" > "$dir/c.out" 2>&1 &
cpid=$!
trap 'kill $cpid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$dir/c.out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '[0-9]*$' "$dir/c.out")
token=$(cat "$dir/c/admin.token")
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
c0=$(cpu $cpid); t0=$(date +%s.%N)
"$chaintop" sim --drive "http://127.0.0.1:$port" --token "$token" --nodes "$nodes" --duration "${seconds}s" 2> "$dir/d.err" &
dpid=$!
sleep $((seconds - 1))
c1=$(cpu $cpid); dc=$(cpu $dpid); t1=$(date +%s.%N)
wait $dpid
python3 -c "print('coordinator CPU %.0f%% of a core over %.1f s; driver CPU %.0f%%' % (($c1-$c0)/$(getconf CLK_TCK)/($t1-$t0)*100, $t1-$t0, $dc/$(getconf CLK_TCK)/($t1-$t0)*100))"
tail -2 "$dir/d.err"
curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" | grep -E '^chaintop_(records_total|heartbeats_total) '
