#!/usr/bin/env bash
# Fuzzes the real binary: ten runs of 1,000,000 damaged lines each (10,000,000 in all, seeds 1-10)
# piped into `chaintop export`, checking that none crashes and that every line is accounted for
# (records + malformed + unknown + stale + keyframes + blank = lines). Prints lines, crashes and the
# peak resident memory of the largest run. Usage: scripts/fuzz.sh [RUNS] [LINES_PER_RUN]
# CONFIG=debug uses the debug build (no release build needed; slower).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
per=${2:-1000000}
config=${CONFIG:-release}
swift build -c "$config" --product chaintop >&2
binary=$(swift build -c "$config" --show-bin-path)/chaintop
total=0; crashes=0; wrong=0; peak=0
for seed in $(seq 1 "$runs"); do
  result=$(python3 scripts/fuzz.py "$binary" Fixtures/demo.jsonl "$per" "$seed")
  read -r lines status kb accounted <<<"$(python3 -c '
import json, sys
r = json.loads(sys.argv[1]); i = r["input"] or {}
n = sum(i.get(k, 0) for k in ("records", "malformed", "unknown", "stale", "keyframes")) + r["blank"]
print(r["lines"], r["status"], r["peak_kb"], n if r["input"] else -1)' "$result")"
  total=$((total + lines))
  if [ "$status" -ne 0 ]; then crashes=$((crashes + 1)); echo "seed $seed: exit status $status" >&2; fi
  if [ "$accounted" -ne "$lines" ]; then wrong=$((wrong + 1)); echo "seed $seed: $accounted of $lines lines accounted for: $result" >&2; fi
  [ "$kb" -gt "$peak" ] && peak=$kb
  echo "seed $seed: $result" >&2
done
echo "lines $total, crashes $crashes, runs with lines unaccounted for $wrong, peak resident $((peak / 1024)) MiB"
[ "$crashes" -eq 0 ] && [ "$wrong" -eq 0 ]
