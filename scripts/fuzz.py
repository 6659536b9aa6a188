#!/usr/bin/env python3
"""Feeds seeded, damaged feed lines to the real chaintop binary and checks that every line is
accounted for. Used by fuzz.sh; see docs/reliability.md.

usage: fuzz.py CHAINTOP FIXTURE LINES SEED
Prints one JSON object: lines, blank, the export's input counts, exit status, peak resident kB."""
import json, os, random, re, subprocess, sys

NUMBERS = [b"1e400", b"-1e400", b"1e-400", b"-0", b"0", b"99999999999999999999999999", b"-9223372036854775809",
           b"9223372036854775807", b"9007199254740993", b"9007199254740992", b"18446744073709551616",
           b"4611686018427387904", b"1.7976931348623157e308", b"0.1e1", b"01", b"1.", b".5", b"NaN", b"Infinity",
           b"-", b"1e", b"0x10", b"true", b"null", b'"1"', b"[]", b"{}"]
FRAGMENTS = [b"\x00", b"\xc3\x28", b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\r", rb"\ud800",
             rb"\udc00\ud800", rb"\u0000", b"\\", b'","seq":1,"', b',"type":"reward"', b"\n", "\u2028".encode(), b'"', b"}"]
SEQS = [b"0", b"-1", b"1", b"9099999", b"9007199254740992", b"9007199254740993", b"9223372036854775807",
        b"18446744073709551615", b"4611686018427387904", b"2", b"35000"]
AMOUNTS = [b"999999999999999999.999999999999999999", b"-999999999999999999.999999999999999999",
           b"1000000000000000000", b"99999999999999999999", b"1e5", b"0.0000000000000000001", b"-0", b""]
NUMBER_AFTER_COLON = re.compile(rb":(-?[0-9][^,}]*)")
SEQ = re.compile(rb'"seq":([0-9]+)')


def replace_value(line, key, value, rng):
    at = line.find(key)
    if at < 0:
        return line
    end = at + len(key)
    if end < len(line) and line[end:end + 1] == b'"':
        close = line.find(b'"', end + 1)
        end = len(line) if close < 0 else close + 1
    while end < len(line) and line[end:end + 1] not in (b",", b"}"):
        end += 1
    return line[:at + len(key)] + value + line[end:]


def mutate(line, base, rng):
    kind = rng.randrange(14)
    if kind == 0 and line:
        i = rng.randrange(len(line))
        return line[:i] + bytes([line[i] ^ (1 << rng.randrange(8))]) + line[i + 1:]
    if kind == 1:
        return line[:rng.randrange(len(line) + 1)]
    if kind == 2:
        m = NUMBER_AFTER_COLON.search(line)
        return line if not m else line[:m.start(1)] + rng.choice(NUMBERS) + line[m.end(1):]
    if kind == 3:
        i = rng.randrange(len(line) + 1)
        return line[:i] + b"[" * (1 + rng.randrange(200)) + line[i:]
    if kind == 4:
        i = rng.randrange(len(line) + 1)
        return line[:i] + rng.choice(FRAGMENTS) + line[i:]
    if kind == 5:
        return line + b"\r"
    if kind == 6:
        return b"\xef\xbb\xbf" + line
    if kind == 7:
        return line[:-1] + b',"type":"bookmark","seq":3}' if line.endswith(b"}") else line
    if kind == 8:
        return replace_value(line, b'"seq":', rng.choice(SEQS), rng)
    if kind == 9:
        return replace_value(line, b'"ts":', rng.choice([b"-1", b"0", b"253402300800000", b"1e15"]), rng)
    if kind == 10:
        n = 1 + (rng.randrange(400_000) if rng.randrange(20) == 0 else rng.randrange(2_000))
        return replace_value(line, b'"id":', b'"' + b"n" * n + b'"', rng)
    if kind == 11:
        return line[:rng.randrange(len(line) + 1)] + rng.choice(base)[rng.randrange(40):]
    if kind == 12:
        return b"" if rng.randrange(2) == 0 else b" \t "
    return replace_value(line, b'"amount":', b'"' + rng.choice(AMOUNTS) + b'"', rng)


def lines(base, count, rng):
    """The recording in order, lap after lap (seqs moved on by a lap), every line damaged 1-3 times."""
    at, lap = 0, 0
    for _ in range(count):
        if at == len(base):
            at, lap = 1, lap + 1
        line = base[at]
        at += 1
        if lap:
            line = SEQ.sub(lambda m: b'"seq":' + str(int(m.group(1)) + lap * len(base)).encode(), line, count=1)
        for _ in range(1 + rng.randrange(3)):
            line = mutate(line, base, rng)
        yield line + b"\n"


def blank(line):
    """The reader's rule: nothing but spaces and tabs, and a CR at the end."""
    if line.endswith(b"\r"):
        line = line[:-1]
    return line.lstrip(b" \t") == b""


def main():
    binary, fixture, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    base = open(fixture, "rb").read().split(b"\n")
    base = [l for l in base if l]
    rng = random.Random(seed)
    child = subprocess.Popen([binary, "export", "--source", "replay:/dev/stdin"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    physical, blanks, pending = 0, 0, b""
    chunk = []
    for text in lines(base, count, rng):
        parts = (pending + text).split(b"\n")
        pending = parts.pop()
        physical += len(parts)
        blanks += sum(1 for p in parts if blank(p))
        chunk.append(text)
        if len(chunk) >= 4096:
            child.stdin.write(b"".join(chunk))
            chunk = []
    child.stdin.write(b"".join(chunk))
    child.stdin.close()
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    result = {"lines": physical, "blank": blanks, "status": status, "peak_kb": usage.ru_maxrss}
    try:
        result["input"] = json.loads(out)["input"]
    except ValueError:
        result["input"] = None
    print(json.dumps(result))


if __name__ == "__main__":
    main()
