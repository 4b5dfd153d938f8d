#!/usr/bin/env python3
"""check-layers - the layout's rules, read from the #include lines.

  * engine/ folders in layer order (LAYERS below): a folder includes only
    its own headers and those of folders below it; bounce/ only util/.
  * tui/ folders likewise (TUI_LAYERS); tui/ includes from engine/ only
    the front door listed in engine/README.md ("## Front door"), and
    util/ (the toolbox every layer shares).
  * engine/ never includes curses, the form, menu or panel libraries, nor
    anything of tui/; it never names stdout or stderr (it writes to the
    FILE a caller hands it).
  * no import circle between modules (a module: NAME.c with NAME.h);
  * no two files in engine/ and tui/ share a name;
  * each folder has a main header, FOLDER/FOLDER.h, whose first line says
    what the folder is for ("/* FOLDER - ...").

Exit 0 with one line per rule kept, 1 with each breach on its own line.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Lower numbers sit lower. Folders of one number never include each other.
LAYERS = {
    "util": 0,
    "bounce": 1, "lab": 1,
    "dns": 2,
    "trace": 3, "diagnosis": 3,
    "peers": 4,
    "rules": 5,
    "receivers": 6,
    "check": 7,
    "machine": 8,
    "report": 9,
}
ONLY = {"bounce": {"util"}}
TUI_LAYERS = {"toolkit": 0, "session": 1, "wizard": 2, "screens": 3, "cli": 3, "": 4}
CURSES = re.compile(r"^(n?curses|ncursesw/.*|form|menu|panel|term)\.h$")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def sources(top):
    for folder, _, files in os.walk(os.path.join(ROOT, top)):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                yield os.path.relpath(os.path.join(folder, name), ROOT)


def resolve(path, target):
    """The file a quoted include names: beside the includer, then -Iengine, -Itui."""
    for base in (os.path.dirname(path), "engine", "tui"):
        candidate = os.path.normpath(os.path.join(base, target))
        if os.path.exists(os.path.join(ROOT, candidate)):
            return candidate
    return None


def folder_of(path):
    """engine/dns/loop.c -> ("engine", "dns"); tui/main.c -> ("tui", "")."""
    parts = path.split("/")
    return parts[0], (parts[1] if len(parts) > 2 else "")


def front_door():
    doors = set()
    in_section = False
    with open(os.path.join(ROOT, "engine", "README.md"), encoding="utf-8") as readme:
        for line in readme:
            if line.startswith("## "):
                in_section = line.strip() == "## Front door"
                continue
            m = re.match(r"^- `([a-z_]+/[a-z_]+\.h)`", line)
            if in_section and m:
                doors.add("engine/" + m.group(1))
    return doors


def check_include(path, target, doors, errors):
    side, folder = folder_of(path)
    tside, tfolder = folder_of(target)
    if side == "engine":
        if tside == "tui":
            errors.append(f"{path}: engine/ includes the front end's {target}")
            return
        if tfolder == folder:
            return
        if folder in ONLY and tfolder not in ONLY[folder]:
            errors.append(f"{path}: {folder}/ may include only {', '.join(sorted(ONLY[folder]))}/, not {target}")
        elif LAYERS[tfolder] >= LAYERS[folder]:
            errors.append(f"{path}: {folder}/ (layer {LAYERS[folder]}) includes {target}, "
                          f"of {tfolder}/ (layer {LAYERS[tfolder]}), not below it")
        return
    if tside == "engine":
        if tfolder != "util" and target not in doors:
            errors.append(f"{path}: includes {target}, which is not in engine/README.md's front door")
        return
    if tfolder != folder and TUI_LAYERS[tfolder] >= TUI_LAYERS[folder]:
        errors.append(f"{path}: tui/{folder} (layer {TUI_LAYERS[folder]}) includes {target}, "
                      f"of tui/{tfolder} (layer {TUI_LAYERS[tfolder]}), not below it")


def find_circles(graph):
    """Strongly connected components of two or more modules (Tarjan)."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def main():
    sys.setrecursionlimit(10000)
    doors = front_door()
    errors = []
    graph = {}
    names = {}
    modules = set()
    if not doors:
        errors.append("engine/README.md lists no front door (a '## Front door' section of `folder/x.h` lines)")
    for door in sorted(doors):
        if not os.path.exists(os.path.join(ROOT, door)):
            errors.append(f"engine/README.md: front door {door} does not exist")
    for side, folders in (("engine", LAYERS), ("tui", TUI_LAYERS)):
        for folder in (f for f in folders if f):  # "": tui/ itself, main.c
            main_header = os.path.join(side, folder, f"{folder}.h")
            if not os.path.exists(os.path.join(ROOT, main_header)):
                errors.append(f"{side}/{folder}/ has no main header {main_header}")
                continue
            with open(os.path.join(ROOT, main_header), encoding="utf-8") as header:
                if not header.readline().startswith(f"/* {folder} - "):
                    errors.append(f"{main_header} does not open with what {folder}/ is for (/* {folder} - ...)")
    for top in ("engine", "tui"):
        for path in sources(top):
            side, folder = folder_of(path)
            known = LAYERS if side == "engine" else TUI_LAYERS
            if folder not in known:
                errors.append(f"{path}: folder {side}/{folder} has no layer in tools/check-layers.py")
                continue
            names.setdefault(os.path.basename(path), []).append(path)
            module = os.path.splitext(path)[0]
            modules.add(module)
            with open(os.path.join(ROOT, path), encoding="utf-8") as source:
                text = source.read()
            if side == "engine" and re.search(r"\b(stdout|stderr)\b", re.sub(r"/\*.*?\*/", "", text, flags=re.S)):
                errors.append(f"{path}: engine/ names stdout or stderr")
            for line in text.splitlines():
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, target = m.groups()
                if kind == "<":
                    if side == "engine" and CURSES.match(target):
                        errors.append(f"{path}: engine/ includes <{target}>")
                    continue
                resolved = resolve(path, target)
                if resolved is None:
                    if not path.startswith("engine") or target != "help_data.h":
                        errors.append(f"{path}: includes \"{target}\", found nowhere")
                    continue
                if folder_of(resolved)[0] not in ("engine", "tui"):
                    continue
                check_include(path, resolved, doors, errors)
                other = os.path.splitext(resolved)[0]
                if other != module:
                    graph.setdefault(module, set()).add(other)
    for name, paths in sorted(names.items()):
        if len(paths) > 1:
            errors.append(f"{name}: the same file name in {', '.join(paths)}")
    for circle in find_circles(graph):
        errors.append("import circle: " + " <-> ".join(circle))
    for error in errors:
        print("check-layers: " + error, file=sys.stderr)
    if errors:
        print(f"check-layers: {len(errors)} breaches", file=sys.stderr)
        return 1
    print(f"check-layers: engine/ in {len(LAYERS)} folders by layer, tui/ in {len(TUI_LAYERS) - 1} and main; "
          f"{len(modules)} modules, no import circle; tui/ uses {len(doors)} front-door headers and util/; "
          "engine/ includes no curses and never names stdout or stderr")
    return 0


if __name__ == "__main__":
    sys.exit(main())
