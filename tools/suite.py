#!/usr/bin/env python3
"""suite - what `make check` ran, and how each part ended.

  suite.py reset                 forget the last run's results
  suite.py run NAME -- CMD...    run CMD, its output passed through, and
                                 record NAME: passed (exit 0), skipped (exit
                                 77: the test cannot run here, and its last
                                 line says why) or failed (any other exit,
                                 which is also this command's)
  suite.py record NAME passed    record NAME as run by a loop of its own
  suite.py summary               every skipped part with its reason, then
                                 "N passed, M failed, K skipped"; exit 1 when
                                 something failed or nothing ran

A skipped part does not fail `make check` on a machine that cannot run
it (not root, no network namespace); CI fails on any (.ci/run reads the
closing line).
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "build", "suites")
SKIP = 77


def reset():
    os.makedirs(RESULTS, exist_ok=True)
    for name in os.listdir(RESULTS):
        os.unlink(os.path.join(RESULTS, name))
    return 0


def record(name, outcome, reason=""):
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, name.replace("/", "_")), "w") as f:
        f.write(f"{outcome}\t{name}\t{reason}\n")


def run(name, argv):
    last = ""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for raw in proc.stdout:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
        if raw.strip():
            last = raw.decode(errors="replace").strip()
    code = proc.wait()
    if code == 0:
        record(name, "passed")
        return 0
    if code == SKIP:
        record(name, "skipped", last)
        print(f"suite: {name} skipped: {last}")
        return 0
    record(name, "failed", f"exit {code}")
    return code


def summary():
    entries = []
    if os.path.isdir(RESULTS):
        for name in sorted(os.listdir(RESULTS)):
            with open(os.path.join(RESULTS, name)) as f:
                outcome, test, reason = (f.read().rstrip("\n").split("\t") + ["", ""])[:3]
            entries.append((outcome, test, reason))
    counts = {k: sum(1 for e in entries if e[0] == k) for k in ("passed", "failed", "skipped")}
    for outcome, test, reason in entries:
        if outcome != "passed":
            print(f"make check: {outcome} {test}: {reason}")
    print(f"make check: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return 1 if counts["failed"] or not entries else 0


def main(argv):
    if argv[:1] == ["reset"]:
        return reset()
    if argv[:1] == ["summary"]:
        return summary()
    if len(argv) == 3 and argv[0] == "record" and argv[2] == "passed":
        record(argv[1], "passed")
        return 0
    if len(argv) >= 4 and argv[0] == "run" and argv[2] == "--":
        return run(argv[1], argv[3:])
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
