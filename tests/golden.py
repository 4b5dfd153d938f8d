"""golden - compare a command's output with the .ref file kept beside its
input, as Postfix's tests do.

A .ref file holds the command lines and what each printed. With
PTRDOCTOR_GOLDEN_UPDATE=1 in the environment (`make golden`), the files are
written instead, and `git diff` shows the change for review.
"""
import difflib
import os

UPDATE = os.environ.get("PTRDOCTOR_GOLDEN_UPDATE") == "1"


def compare(ref_path, actual):
    """None when actual equals the .ref file (or it was just written), else
    a short unified diff naming the file."""
    if UPDATE:
        old = open(ref_path).read() if os.path.exists(ref_path) else None
        if old != actual:
            with open(ref_path, "w") as f:
                f.write(actual)
        return None
    if not os.path.exists(ref_path):
        return f"{ref_path} is missing: make golden writes it"
    expected = open(ref_path).read()
    if expected == actual:
        return None
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), ref_path, "actual", lineterm="", n=1)
    lines = list(diff)
    more = f"\n       ... {len(lines) - 40} more lines" if len(lines) > 40 else ""
    return "differs from its .ref (make golden updates it):\n       " + "\n       ".join(lines[:40]) + more
