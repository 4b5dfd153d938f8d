#!/usr/bin/env python3
"""run - `ptrdoctor explain` on the samples under samples/: each must give
the receiver, rule, pass/fail, codes, client IP and HELO of expect.txt, and
print exactly its samples/NAME.ref (the text, then the JSON)."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import golden  # noqa: E402


def reference(binary, name):
    """What the .ref file of a sample holds: both outputs, paths relative."""
    rel = os.path.join("samples", name + ".txt")
    out = []
    for extra in ([], ["--json"]):
        r = subprocess.run([os.path.abspath(binary), "explain", rel] + extra, capture_output=True, text=True,
                           timeout=30, cwd=HERE)
        body = r.stdout
        if extra:
            body = json.dumps(json.loads(body), indent=1) + "\n"
        out.append(f"$ ptrdoctor explain {' '.join([rel] + extra)}\n{body}exit {r.returncode}\n")
    return "\n".join(out)


def main():
    binary = sys.argv[1]
    failed = 0
    rows = [l.split() for l in open(os.path.join(HERE, "expect.txt")) if l.strip() and not l.startswith("#")]
    for name, source, receiver, rule, fail, code, enhanced, ip, helo, cause in rows:
        path = os.path.join(HERE, "samples", name + ".txt")
        r = subprocess.run([binary, "explain", path, "--json"], capture_output=True, text=True, timeout=30)
        errors = []
        if r.returncode != 0 or r.stderr:
            errors.append(f"exit {r.returncode}: {r.stderr.strip()[:300]}")
        else:
            f = json.loads(r.stdout)["findings"][0]
            got = [f["source"].split()[0].lower(), f["receiver"], f["rule"] or "-", str(f["failed"]).lower(),
                   str(f["code"] or "-"), f["enhanced"] or "-", f["ip"] or "-", f["helo"] or "-", f["cause"]]
            want = [source, receiver, rule, fail, code, enhanced, ip, helo, cause]
            for label, g, w in zip(["source", "receiver", "rule", "failed", "code", "enhanced", "ip", "helo", "cause"],
                                   got, want):
                if g != w:
                    errors.append(f"{label} is {g}, expected {w}")
            text = subprocess.run([binary, "explain", path], capture_output=True, text=True).stdout
            if ip != "-" and cause in ("rdns", "helo") and f"ptrdoctor check {ip}" not in text:
                errors.append("the text does not end on the check command")
            diff = golden.compare(os.path.join(HERE, "samples", name + ".ref"), reference(binary, name))
            if diff:
                errors.append(diff)
        print(f"{'ok  ' if not errors else 'FAIL'} {name}")
        for e in errors:
            print(f"       {e}")
        failed += bool(errors)
    r = subprocess.run([binary, "explain", "-"], input="hello, nothing to see here\n", capture_output=True, text=True)
    ok = r.returncode == 64 and "looks for" in r.stderr
    print(f"{'ok  ' if ok else 'FAIL'} unrecognised text -> 64 with what it looks for")
    failed += not ok
    print(f"{len(rows)} samples")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
