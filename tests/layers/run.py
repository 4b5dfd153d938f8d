#!/usr/bin/env python3
"""run - tools/check-layers.py refuses what it is there to refuse: on a
copy of engine/, tui/ and the tool, each breach below is made alone and
must fail with its own message; the tree as it is must pass."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (what is done, file, line added after the file's first #include, message expected)
BREACHES = [
    ("a lower layer includes a higher one", "engine/util/clock.c", '#include "dns/loop.h"',
     "util/ (layer 0) includes engine/dns/loop.h"),
    ("bounce/ includes more than util/", "engine/bounce/textmatch.c", '#include "lab/lab.h"',
     "bounce/ may include only util/"),
    ("two folders of one layer", "engine/trace/hop.c", '#include "diagnosis/step.h"',
     "trace/ (layer 3) includes engine/diagnosis/step.h"),
    ("the engine includes curses", "engine/report/render.c", "#include <curses.h>", "engine/ includes <curses.h>"),
    ("the engine includes the front end", "engine/report/render.c", '#include "../../tui/toolkit/wrap.h"',
     "engine/ includes the front end's"),
    ("the front end past the front door", "tui/cli/lab_command.c", '#include "diagnosis/step.h"',
     "not in engine/README.md's front door"),
    ("the toolkit includes the wizard", "tui/toolkit/wrap.c", '#include "wizard/wizard.h"',
     "tui/toolkit (layer 0) includes tui/wizard/wizard.h"),
    ("an import circle inside a folder", "engine/util/clock.c", '#include "names.h"\n#include "textfile.h"',
     None),
]


def copy_tree(dest):
    for part in ("engine", "tui", "tools"):
        shutil.copytree(os.path.join(ROOT, part), os.path.join(dest, part))


def add_after_first_include(path, line):
    with open(path) as f:
        text = f.read()
    at = text.index("#include")
    at = text.index("\n", at) + 1
    with open(path, "w") as f:
        f.write(text[:at] + line + "\n" + text[at:])


def check(tree):
    return subprocess.run([sys.executable, os.path.join(tree, "tools", "check-layers.py")],
                          capture_output=True, text=True)


def main():
    failed = passed = 0
    with tempfile.TemporaryDirectory(prefix="ptrdoctor-layers-") as tmp:
        clean = os.path.join(tmp, "clean")
        copy_tree(clean)
        run = check(clean)
        if run.returncode == 0:
            passed += 1
            print("ok   the tree as it is")
        else:
            failed += 1
            print(f"FAIL the tree as it is:\n{run.stderr}")
        for i, (what, path, line, message) in enumerate(BREACHES):
            tree = os.path.join(tmp, str(i))
            copy_tree(tree)
            if message is None:  # a circle: textfile.c includes clock.h back
                add_after_first_include(os.path.join(tree, "engine/util/textfile.c"), '#include "clock.h"')
                message = "import circle: engine/util/clock <-> engine/util/textfile"
            add_after_first_include(os.path.join(tree, path), line)
            run = check(tree)
            if run.returncode != 0 and message in run.stderr:
                passed += 1
                print(f"ok   refused: {what}")
            else:
                failed += 1
                print(f"FAIL not refused: {what} (exit {run.returncode}): {run.stderr or run.stdout}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
