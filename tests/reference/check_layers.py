#!/usr/bin/env python3
"""The rules of the house, checked on the sources (CTest `architecture_layers`).

    python3 tests/reference/check_layers.py [ROOT] [--graph]

Every `#include "mha/..."` of src/ and cli/ is an arrow from the folder that
includes to the folder included. The folders stand on floors
(docs/architecture.md draws them):

    floor 0  core                     the engine: config, steps, trace, attention
    floor 1  text, io                 tokenizers; tensor files and output files
    floor 2  embeddings, model        tables; real checkpoints
    floor 3  pipeline, explain        the toy layer's run; what the explanation says
    floor 4  views/common, views/png  helpers shared by the views
    floor 5  views/<one view>         terminal, report, html, pictures, json, exports, bertviz
    floor 5  corpus                   one model over many sentences (beside the views, not one)
    floor 6  run                      the whole invocation
    floor 7  cli                      the command line

A folder may include only the folders ALLOWED lists for it (all on lower
floors), so no arrow runs back up and no view includes another view. Also:
no source file of src/ or cli/ is over 450 lines. Prints each broken rule as
one line (file:line, the include, what is allowed) and exits 1; with
--graph also prints the folder graph and its depth (the longest chain of
arrows), which the checks do not need.
"""
import os
import re
import sys

FLOOR = {
    "core": 0,
    "text": 1, "io": 1,
    "embeddings": 2, "model": 2,
    "pipeline": 3, "explain": 3,
    "views/common": 4, "views/png": 4,
    "views/terminal": 5, "views/report": 5, "views/html": 5, "views/pictures": 5,
    "views/json": 5, "views/exports": 5, "views/bertviz": 5,
    "corpus": 5,
    "run": 6,
    "cli": 7,
}
VIEWS = [u for u, f in FLOOR.items() if f == 5 and u.startswith("views/")]
ALLOWED = {
    "core": set(),
    "text": {"core"},
    "io": {"core"},
    "embeddings": {"core", "io", "text"},
    "model": {"core", "io", "text"},
    "pipeline": {"core", "text", "embeddings"},
    "explain": {"core", "text", "model"},
    "views/common": {"core", "text"},
    "views/png": {"core", "text"},
    "corpus": {"core", "text", "io", "model", "views/common", "views/png"},
    "run": {"core", "text", "io", "embeddings", "model", "pipeline", "explain", "views/common", "views/png", "corpus",
            *VIEWS},
    "cli": set(FLOOR) - {"cli"},
}
for view in VIEWS:  # a view: the Trace, the explanation and the shared helpers, never another view
    ALLOWED[view] = {"core", "text", "io", "model", "explain", "views/common", "views/png"}
MAX_LINES = 450


def unit(path):
    """The folder a file of src/mha/ or cli/ belongs to, as FLOOR names it."""
    if path.startswith("cli/"):
        return "cli"
    rel = path[len("src/mha/"):]
    parts = rel.split("/")
    if parts[0] == "views":
        return "views/" + parts[1]
    if len(parts) == 1:  # src/mha/run.cpp, src/mha/pipeline.hpp
        return parts[0].split(".")[0]
    return parts[0]


def sources(root):
    for top in ("src/mha", "cli"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if name.endswith((".hpp", ".cpp")):
                    yield os.path.relpath(os.path.join(folder, name), root)


def depth(edges):
    memo = {}

    def longest(u):
        if u not in memo:
            memo[u] = 1 + max((longest(v) for v in edges.get(u, ())), default=0)
        return memo[u]
    return max(longest(u) for u in FLOOR)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "..")
    broken, edges, files = [], {}, 0
    for path in sources(root):
        files += 1
        here = unit(path)
        if here not in FLOOR:
            broken.append(f"{path}: folder '{here}' has no floor in tests/reference/check_layers.py")
            continue
        with open(os.path.join(root, path), encoding="utf-8") as f:
            lines = f.read().split("\n")
        if len(lines) - 1 > MAX_LINES:
            broken.append(f"{path}: {len(lines) - 1} lines; at most {MAX_LINES}")
        for number, line in enumerate(lines, 1):
            m = re.match(r'\s*#\s*include\s+"(mha/[^"]+)"', line)
            if not m:
                continue
            there = unit("src/" + m.group(1))
            if there == here:
                continue
            edges.setdefault(here, set()).add(there)
            if there not in ALLOWED[here]:
                allowed = ", ".join(sorted(ALLOWED[here])) or "nothing outside itself"
                broken.append(f"{path}:{number}: {here} (floor {FLOOR[here]}) includes {m.group(1)} "
                              f"({there}, floor {FLOOR.get(there, '?')}); {here} may include {allowed}")
    if "--graph" in sys.argv:
        for u in sorted(edges, key=lambda u: (-FLOOR[u], u)):
            print(f"floor {FLOOR[u]}  {u} -> {', '.join(sorted(edges[u], key=lambda v: (-FLOOR[v], v)))}")
        print(f"depth: {depth(edges)} folders in the longest chain of includes")
    for b in broken:
        print(b)
    print(f"{files} files of src/mha and cli read; {len(broken)} broken rules")
    return 1 if broken or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
