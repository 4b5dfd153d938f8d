#!/usr/bin/env python3
"""batch - `ptrdoctor check` of a whole /24 against NSD + Unbound on
loopback, every address's result equal to a single `check` of it.

The /24 45.90.220.0/24 mixes every kind of case: a PTR that resolves
back, no PTR, a PTR whose name points elsewhere, a generic name, two PTRs,
a PTR into a zone whose server refuses (SERVFAIL) and one whose server
never answers (timeout). The batch runs as JSON Lines; each line must
equal, rule by rule and receiver by receiver, the single check of the
same address. Then the text output and its summary, a batch file with
bad lines, and a prefix too large.

  batch.py BINARY...
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from servers import DnsServers

NET = "45.90.220"
HELO = "mail.pool.test"


def pool_zones():
    reverse, forward = [f"$ORIGIN 220.90.45.in-addr.arpa."], ["$ORIGIN pool.test.", f"mail A {NET}.1"]
    for i in range(256):
        kind = i % 8
        if i == 1:
            reverse.append("1 PTR mail.pool.test.")  # the one that passes whole
        elif kind == 0:
            reverse.append(f"{i} PTR host{i}.pool.test.")
            forward.append(f"host{i} A {NET}.{i}")
        elif kind == 1:
            continue  # no PTR
        elif kind == 2:
            reverse.append(f"{i} PTR elsewhere{i}.pool.test.")
            forward.append(f"elsewhere{i} A 45.90.221.{i}")
        elif kind == 3:
            reverse.append(f"{i} PTR {i}-220-90-45.dynamic.pool.test.")
            forward.append(f"{i}-220-90-45.dynamic A {NET}.{i}")
        elif kind == 4:
            reverse.append(f"{i} PTR a{i}.pool.test.")
            reverse.append(f"{i} PTR b{i}.pool.test.")
            forward.append(f"a{i} A {NET}.{i}")
            forward.append(f"b{i} A {NET}.{i}")
        elif kind == 5 and i < 64:
            reverse.append(f"{i} CNAME {i}.refused.test.")
        elif kind == 5 and i < 80:
            reverse.append(f"{i} CNAME {i}.silent.test.")
        else:
            reverse.append(f"{i} PTR mail.pool.test.")  # shared by many: HELO matches only for .1
    return {"220.90.45.in-addr.arpa.": "\n".join(reverse) + "\n", "pool.test.": "\n".join(forward) + "\n"}


def essence(result):
    """What must be the same in a batch line and a single check."""
    return {"ip": result["ip"], "verdict": result["verdict"],
            "rules": [(r["id"], r["status"]) for r in result["rules"]],
            "receivers": json.dumps({k: v if not isinstance(v, dict) or "verdict" in v else
                                     {c: d.get("verdict") for c, d in v.items()}
                                     for k, v in result["receivers"].items()}, sort_keys=True)}


def run(binary, servers, *args, stdin=None):
    argv = [binary, "check", *args, "--server", f"127.0.0.1:{servers.port}", "--auth-port",
            str(servers.nsd_port), "--timeout", "400"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, input=stdin)


def check_binary(binary, servers, expect):
    started = time.monotonic()
    r = run(binary, servers, f"{NET}.0/24", "--helo", HELO, "--json")
    took = time.monotonic() - started
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    order = [l["ip"] for l in lines]
    expect(f"a /24 as JSON Lines: 256 objects in input order ({took:.1f} s), exit {r.returncode}",
           order == [f"{NET}.{i}" for i in range(256)] and r.returncode == 1, r.stderr[-500:])
    differ = []
    for line in lines:
        single = json.loads(run(binary, servers, line["ip"], "--helo", HELO, "--json").stdout)
        if essence(single) != essence(line):
            differ.append((line["ip"], essence(line), essence(single)))
    expect(f"every one of the 256 equals its single check ({len(differ)} differ)", not differ,
           json.dumps(differ[:2])[:1500])
    kinds = {l["verdict"] for l in lines}
    expect(f"the mix has every verdict: {sorted(kinds)}", kinds == {"pass", "warn", "fail", "error"})
    text = run(binary, servers, f"{NET}.0/29", f"{NET}.40", "--helo", HELO).stdout
    expect("text: a header, one line per address, the summary with first problems and shared names",
           text.startswith("IP ") and f"\n{NET}.1 " in text and "9 addresses checked:" in text
           and "First problems:" in text and "Names shared by several addresses:" in text
           and "mail.pool.test." in text, text[-1200:])
    batch = f"# the pool\n{NET}.8 {HELO}\n\nnonsense\n{NET}.9/24\n{NET}.8\n{NET}.16 host16.pool.test\n"
    r = run(binary, servers, "--batch", "-", stdin=batch)
    expect("--batch -: bad lines named with their numbers, the rest checked, duplicates once",
           "line 4: nonsense is not an IP address" in r.stderr and "line 5: " in r.stderr
           and "host bits set" in r.stderr and "2 addresses checked" in r.stdout
           and "1 given twice, 2 bad lines" in r.stdout and r.returncode == 2, r.stdout + r.stderr)
    argv = [binary, "check", f"{NET}.0/24", "--helo", HELO, "--server", f"127.0.0.1:{servers.port}",
            "--auth-port", str(servers.nsd_port), "--timeout", "2000"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    p.send_signal(2)
    out, err = p.communicate(timeout=20)
    lines = [l for l in out.splitlines() if l.startswith(NET + ".")]
    expect(f"Ctrl-C half-way: {len(lines)} finished lines, a partial summary, exit {p.returncode}",
           p.returncode == 130 and 0 < len(lines) < 256 and f"Stopped by Ctrl-C: {len(lines)} addresses checked"
           in out, out[-600:] + err[-300:])
    r = run(binary, servers, f"{NET}.0/8")
    expect("a prefix too large is a usage error naming the limit",
           r.returncode == 64 and "prefixes from /16 to /32 for IPv4" in r.stderr, r.stderr)


def main():
    failures = []

    def expect(what, cond, detail=""):
        print(f"{'ok  ' if cond else 'FAIL'} {what}")
        if not cond:
            failures.append(what)
            if detail:
                print(f"       {detail}")

    with tempfile.TemporaryDirectory() as tmp:
        servers = DnsServers(tmp, pool_zones(), lame=["refused.test."], silent=["silent.test."])
        servers.start()
        try:
            for binary in sys.argv[1:]:
                print(f"{binary}:")
                check_binary(os.path.abspath(binary), servers, expect)
        finally:
            servers.stop()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
