#!/usr/bin/env python3
"""markdown - `check --markdown`, the post for a forum or an issue tracker.

Each lab scenario's post is compared with its golden file
(tests/integration/markdown/NAME.md; `make golden` rewrites them), and every
post is checked as CommonMark a forum renders: a heading, the one thing to
do, a rules table of 14 rows of 3 cells, the receivers' table, the lookups
folded in one <details> block of indented (literal) code. A HELO full of
table and HTML characters must not break a cell or open a tag.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import golden  # noqa: E402

LABS = ["no-ptr", "generic-ptr", "good-ipv6", "two-ptrs", "ptr-elsewhere"]
failures = []


def check(ok, what):
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def cells(row):
    """The cells of a table row, splitting at '|' not escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def structure(name, text):
    lines = text.split("\n")
    check(lines[0].startswith("## Reverse DNS of "), f"{name}: a heading first")
    check(re.match(r"\*\*(PASS|WARN|FAIL|ERROR):\*\* ", lines[2]) is not None, f"{name}: the verdict's headline on top")
    check(lines[4].startswith("**What to do:** "), f"{name}: the one thing to do next")
    start = lines.index("| Rule | Result | Finding |") + 2
    rules = lines[start:lines.index("", start)]
    check(len(rules) == 15 and all(len(cells(r)) == 3 for r in rules), f"{name}: 15 rules of 3 cells")
    check(text.count("<details>") == 1 and text.count("</details>") == 1 and "<summary>" in text,
          f"{name}: the lookups folded in one <details>")
    inside = text[text.index("<summary>"):text.index("</details>")].split("\n")[2:-1]
    check(all(l == "" or l.startswith("    ") for l in inside), f"{name}: every lookup line is literal code")


def main():
    binary = sys.argv[1]
    for lab in LABS:
        out = subprocess.run([binary, "check", "--lab", lab, "--markdown"], capture_output=True, text=True)
        text = out.stdout
        problem = golden.compare(os.path.join(HERE, "markdown", f"{lab}.md"), text)
        check(problem is None, f"{lab}: {problem or 'equals its golden file'}")
        structure(lab, text)
    hostile = "mail|x<script>&.example"
    out = subprocess.run([binary, "check", "--lab", "no-ptr", "--helo", hostile, "--markdown"],
                         capture_output=True, text=True).stdout
    outside = out[:out.index("<details>")]
    check("<script>" not in outside and "mail\\|x&lt;script&gt;&amp;.example" in outside,
          "a HELO with | < > & is escaped in the heading and the cells (the lookups show it as literal code)")
    structure("hostile HELO", out)
    print(f"markdown: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
