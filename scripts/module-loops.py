#!/usr/bin/env python3
"""Module-level import loops of each crate of the workspace, from
`cargo modules dependencies` (cargo-modules 0.27).

cargo-modules' own `--acyclic` works on items: a type and its own method, or
a recursive function, already make a "cycle", so no real crate passes it.
This collapses every item onto the module that owns it and reports the
loops between modules. The crate root (lib.rs or main.rs) is left out: it
owns every module and re-exports their items, so every module that names
`crate::Store` would otherwise loop through it.

For the web crate it also checks the layering: an area module (one page
family and its API) imports from no other area, and the base modules
(plumbing and services) import from no area; only the router (the crate
root) and the OpenAPI document see every area.

Usage: scripts/module-loops.py [PACKAGE ...]   (default: every crate)
Exit status 1 when a loop or a crossing is found.
"""
import re
import subprocess
import sys

PACKAGES = {
    "ittifaq-core": ["--lib"],
    "ittifaq-ledger": ["--lib"],
    "ittifaq-alloc": ["--lib"],
    "ittifaq-decon": ["--lib"],
    "ittifaq-docs": ["--lib"],
    "ittifaq-store": ["--lib"],
    "ittifaq-web": ["--lib"],
    "ittifaq": ["--bin", "ittifaq"],
}

# The web crate's areas; every other module but `openapi` is base.
WEB_AREAS = {
    "accounts", "agreement", "allocation", "assistance", "audit", "courses", "decon", "documents", "exchange", "home",
    "hotline", "integration", "ledger", "notify", "people", "registry", "reports", "search", "signin", "trainee",
    "training",
}
WEB_ABOVE = {"openapi"}

NODE = re.compile(r'^\s*"([^"]+)" \[label="[^|]*\|[^"]*", fillcolor="[^"]*"\]; // "([a-z ]+)" node')
EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)" \[label="uses"')


def loops(package, args):
    dot = subprocess.run(
        ["cargo", "modules", "dependencies", "-p", package, *args, "--no-externs", "--no-sysroot"],
        capture_output=True, text=True, check=True,
    ).stdout
    mods, root = set(), None
    for line in dot.splitlines():
        m = NODE.match(line)
        if m and m.group(2) in ("mod", "crate"):
            mods.add(m.group(1))
            if m.group(2) == "crate":
                root = m.group(1)

    def owner(item):
        while item not in mods:
            item = item.rsplit("::", 1)[0] if "::" in item else root
        return item

    graph = {m: set() for m in mods if m != root}
    for line in dot.splitlines():
        e = EDGE.match(line)
        if not e:
            continue
        a, b = owner(e.group(1)), owner(e.group(2))
        # A module and its children are one room; only edges between rooms count.
        if a == root or b == root or a == b or b.startswith(a + "::") or a.startswith(b + "::"):
            continue
        graph[a].add(b)
    # Tarjan's strongly connected components.
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(100000)
    for v in graph:
        if v not in index:
            visit(v)
    crossings = []
    if package == "ittifaq-web":
        short = lambda m: m.split("::")[1]
        for a, targets in graph.items():
            for b in targets:
                sa, sb = short(a), short(b)
                if sa in WEB_ABOVE or sb not in WEB_AREAS:
                    continue
                what = "area" if sa in WEB_AREAS else "base module"
                crossings.append(f"{what} {sa} imports from area {sb}")
    return len(graph), out, sorted(set(crossings))


def main():
    wanted = sys.argv[1:] or list(PACKAGES)
    found = False
    for package in wanted:
        count, cycles, crossings = loops(package, PACKAGES[package])
        for c in cycles:
            print(f"{package}: loop of {len(c)} modules: {', '.join(c)}")
        for c in crossings:
            print(f"{package}: {c}")
        if cycles or crossings:
            found = True
        else:
            print(f"{package}: {count} modules, no loop" + (", no area imports another" if crossings == [] and package == "ittifaq-web" else ""))
    sys.exit(1 if found else 0)


main()
