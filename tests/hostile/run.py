#!/usr/bin/env python3
"""run - ptrdoctor against a lying DNS server (server.py): every case ends
within its time budget, never crashes, prints no raw control byte, and
reaches the finding and exit code the case deserves. Two cases also run in
the wizard, whose screen must stay intact."""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT_MS = 300
BUDGET_S = 15  # a hang check, not a speed test: 4 rounds x 2 tries x 300 ms is far below

# case -> (exit code, {rule: status}, text the report must hold)
EXPECT = {
    1: (1, {"ptr-hostname": "fail"}, "evil\\027[2J\\027]0\\;owned\\007"),
    2: (1, {"ptr-hostname": "fail"}, "a\\000b\\010c\\013d"),
    3: (1, {"ptr-exists": "pass", "ptr-forward": "fail"}, "xxxxxxxx"),
    4: (1, {"ptr-exists": "pass", "ptr-forward": "fail"}, "a.a.a.a"),
    5: (1, {"ptr-single": "warn"}, "300 PTR records"),
    6: (3, {"ptr-exists": "error"}, "no usable reply"),
    7: (3, {"ptr-exists": "error"}, "malformed"),
    8: (3, {"ptr-exists": "error"}, "reply to another query"),
    9: (3, {"ptr-exists": "error"}, "reply to another query"),
    10: (3, {"ptr-exists": "error"}, "records of another type"),
    11: (3, {"ptr-exists": "error"}, "reply to another query"),
    12: (3, {"ptr-exists": "error"}, "malformed"),
    13: (3, {"ptr-exists": "error"}, "SERVFAIL"),
    14: (3, {"ptr-exists": "error"}, "REFUSED"),
    15: (3, {"ptr-exists": "error"}, "FORMERR"),
    16: (3, {"ptr-exists": "error"}, "NOTIMP"),
    17: (3, {"ptr-exists": "error"}, "no reply"),
    18: (3, {"fcrdns": "error"}, "CNAME loop"),
    19: (1, {"ptr-exists": "pass", "fcrdns": "fail"}, "mail.hostile.test."),
    20: (1, {"ptr-hostname": "fail"}, "an address, not a name"),
}


def raw_control(text):
    return [hex(ord(c)) for c in text if (ord(c) < 32 and c != "\n") or ord(c) == 127 or ord(c) > 126]


def check_case(binary, port, case):
    exit_code, rules, needle = EXPECT[case]
    ip = f"45.91.0.{case}"
    argv = [binary, "check", ip, "--helo", "mail.hostile.test", "--server", f"127.0.0.1:{port}",
            "--timeout", str(TIMEOUT_MS)]
    errors = []
    t0 = time.monotonic()
    text = subprocess.run(argv, capture_output=True, timeout=60)
    js = subprocess.run(argv + ["--json"], capture_output=True, timeout=60)
    took = (time.monotonic() - t0) / 2
    if took > BUDGET_S:
        errors.append(f"took {took:.1f} s")
    for r, mode in ((text, "text"), (js, "json")):
        if r.returncode != exit_code:
            errors.append(f"{mode}: exit {r.returncode}, expected {exit_code}")
        if r.stderr:
            errors.append(f"{mode}: stderr {r.stderr[:300]!r}")
        bad = raw_control(r.stdout.decode("latin-1"))
        if bad:
            errors.append(f"{mode}: raw bytes {bad[:5]}")
    try:
        result = json.loads(js.stdout)
        got = {x["id"]: x["status"] for x in result["rules"]}
        for rule, status in rules.items():
            if got.get(rule) != status:
                errors.append(f"rule {rule} is {got.get(rule)}, expected {status}")
    except json.JSONDecodeError as e:
        errors.append(f"not JSON: {e}")
    if needle not in text.stdout.decode("latin-1"):
        errors.append(f"report lacks {needle!r}")
    return errors, took


def check_wizard(binary, port, case):
    spec = importlib.util.spec_from_file_location("tuirun", os.path.join(HERE, "..", "tui", "run.py"))
    tui = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tui)
    t = tui.start(binary, f"45.91.0.{case} --helo mail.hostile.test --server 127.0.0.1:{port} --timeout {TIMEOUT_MS}")
    try:
        s = t.wait_for(r"All lookups answered", 15)
        t.keys("v")
        t.wait_for(r"Verdict:")
        screen = t.screen(escapes=True)
        errors = []
        if "\x07" in screen or "\x1b]" in screen or "\x1b[2J" in screen:
            errors.append("a raw sequence from DNS reached the terminal")
        if not t.screen().startswith(" ptrdoctor: reverse DNS checkup"):
            errors.append("the title line is gone: the screen was corrupted")
        t.keys("q")
        t.result()
        return errors
    finally:
        t.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", action="append", required=True)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        portfile = os.path.join(tmp, "port")
        server = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), portfile])
        try:
            for _ in range(100):
                if os.path.exists(portfile) and os.path.getsize(portfile):
                    break
                time.sleep(0.05)
            port = int(open(portfile).read())
            failed = 0
            for binary in opts.binary:
                slowest = 0.0
                for case in sorted(EXPECT):
                    errors, took = check_case(binary, port, case)
                    slowest = max(slowest, took)
                    print(f"{'ok  ' if not errors else 'FAIL'} {binary} case {case}")
                    for e in errors:
                        print(f"       {e}")
                    failed += bool(errors)
                for case in (1, 5):
                    errors = check_wizard(binary, port, case)
                    print(f"{'ok  ' if not errors else 'FAIL'} {binary} wizard case {case}")
                    for e in errors:
                        print(f"       {e}")
                    failed += bool(errors)
                print(f"{binary}: {len(EXPECT)} hostile cases, slowest {slowest:.1f} s")
        finally:
            server.terminate()
            server.wait()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
