#!/usr/bin/env python3
"""labs - every built-in lab scenario's answer: its causes and its ticket.

For each scenario of `ptrdoctor lab --list`, `check --lab NAME --json` gives
the verdict, the headline and the causes (who, action, record or setting,
old and new value); `check --lab NAME --ticket` the request to the provider
or the zone's operator, or none (exit 4, the reason on stderr). Both are
compared with golden files (tests/labs/NAME.causes.ref and NAME.ticket.ref;
`make golden` rewrites them). Beside the golden files, what must hold on
every scenario:
  - the scenario's `expect:` line is the verdict it gets;
  - the verdict follows the receivers: fail exactly when one refuses mail
    (not on DNS trouble) from the address checked or another of its names';
  - no next step starts with "Rule", each names who acts, and none asks to
    set a PTR to the name it already has;
  - a ticket goes only to the provider or a zone's operator.
Lab times ("until 22:54") are written HH:MM in the golden files.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import golden  # noqa: E402

failures = []


def check(ok, what):
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def clockless(text):
    return re.sub(r"\b\d\d:\d\d(:\d\d)?\b", "HH:MM", text)


def scenarios(binary):
    out = subprocess.run([binary, "lab", "--list"], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines()[1:] if len(line.split()) > 2 and line.split()[0] != "Run"]


def header(name, key):
    path = os.path.join(HERE, "..", "..", "help", "lab", name + ".zone")
    for line in open(path):
        if line.startswith(f"; {key}:"):
            return line.split(":", 1)[1].strip()
    return None


def refused(prediction):
    return prediction["verdict"] in ("reject", "defer") and not prediction["temporary"]


def any_refusal(report):
    for group in report["receivers"].values():
        items = [group] if "verdict" in group else group.values()
        if any(refused(p) for p in items):
            return True
    return any(refused(o["prediction"]) for o in report["receivers_other"])


def causes_text(report):
    lines = [f"verdict {report['verdict']}: {report['headline']}", f"next: {report['next']}"]
    for c in report["causes"]:
        what = c["record"] if c["record"] is not None else f"setting {c['setting']}"
        lines.append(f"- {c['who']} ({c['who_name']}): {c['action']} {what}: {c['old']} -> {c['new']} "
                     f"[{' '.join(c['rules'])}]{' refusal' if c['refusal'] else ''}")
        if c["instead"]:
            lines.append(f"  instead: {c['instead']}")
    return clockless("\n".join(lines) + "\n")


def run_one(binary, name):
    run = subprocess.run([binary, "check", "--lab", name, "--json"], capture_output=True, text=True)
    report = json.loads(run.stdout)
    expect = header(name, "expect")
    check(report["verdict"] == expect, f"{name}: verdict {report['verdict']}, its expect: line says {expect}")
    refusing = any_refusal(report)
    check((report["verdict"] == "fail") == refusing,
          f"{name}: verdict {report['verdict']} follows the receivers (a refusal: {refusing})")
    check(not report["next"].startswith("Rule"), f"{name}: the next step is an action, not a rule's finding")
    texts = [report["next"]] + [c["text"] for c in report["causes"]] + [c["instead"] or "" for c in report["causes"]]
    check(not any(re.search(r"\((ptr|why|forward|helo|wait|server|zone|retry|private|ticket|fallback|ipv6)"
                            r"[-.a-z]*\)", t) for t in texts),
          f"{name}: every sentence of the causes is in help/causes.txt")
    for c in report["causes"]:
        check(c["who"] and c["who_name"], f"{name}: the cause of {c['rules']} names who acts")
        if c["action"] in ("add", "change") and c.get("old") and c["old"] == c.get("new"):
            check(False, f"{name}: a cause asks for what already holds: {c['text']}")
    problem = golden.compare(os.path.join(HERE, name + ".causes.ref"), causes_text(report))
    check(problem is None, f"{name}: causes {problem or 'as in the golden file'}")
    ticket = subprocess.run([binary, "check", "--lab", name, "--ticket"], capture_output=True, text=True)
    for_them = [c for c in report["causes"] if c["who"] in ("provider", "operator")]
    check((ticket.returncode == 4) == (not for_them),
          f"{name}: a ticket exactly when the provider or an operator has a change (exit {ticket.returncode})")
    check(ticket.returncode != 4 or ticket.stdout == "", f"{name}: no request, nothing on stdout")
    text = f"exit {ticket.returncode}\n--- stdout\n{ticket.stdout}--- stderr\n{ticket.stderr}"
    problem = golden.compare(os.path.join(HERE, name + ".ticket.ref"), clockless(text))
    check(problem is None, f"{name}: ticket {problem or 'as in the golden file'}")


def fixed_versions(binary):
    """A scenario's fixed version (F in the wizard) reaches its expect: too."""
    folder = os.path.join(HERE, "..", "..", "help", "lab")
    for f in sorted(os.listdir(folder)):
        if f.endswith(".fixed.zone"):
            name = f[:-len(".zone")]
            run = subprocess.run([binary, "check", "--lab", os.path.join(folder, f), "--json"], capture_output=True,
                                 text=True)
            verdict = json.loads(run.stdout)["verdict"]
            check(verdict == header(name, "expect"), f"{name}: verdict {verdict}, its expect: line says "
                                                     f"{header(name, 'expect')}")


def main():
    for binary in sys.argv[1:]:
        names = scenarios(binary)
        check(len(names) >= 20, f"{binary}: {len(names)} built-in scenarios")
        for name in names:
            run_one(binary, name)
        fixed_versions(binary)
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
