"""A small mutation run: does the test suite notice a deliberate bug in the knowledge-base code?

    .venv/bin/python scripts/mutate.py                 # every module below (make mutate)
    .venv/bin/python scripts/mutate.py rules.py -k 5   # one module, first 5 mutants (a quick look)
    .venv/bin/python scripts/mutate.py --every 4       # every 4th mutation point: a sample, 4x faster
    .venv/bin/python scripts/mutate.py load.py --mutants 1,17   # again, after a test was added

For each module of MODULES, every mutation point of one of these kinds is tried, one at a time:

- operator: + ↔ -, < ↔ <=, > ↔ >=, == ↔ !=, in ↔ not in, is ↔ is not, and ↔ or, `not x` → `x`;
- condition: `if c` / `while c` / `x if c else y` / a comprehension's `if c` → `not c`;
- constant: an integer n → n + 1, True ↔ False (strings are messages: left alone).

A mutant is the module with that one change (ast.unparse of the changed tree), written into
a private copy of the project; the module's fast tests (TESTS) run against the copy with
`pytest -x`. A test failing kills the mutant; a mutant whose tests all pass SURVIVED: either
a test is missing or the change makes no difference (an equivalent mutant: README.md lists
them with the reason). Not part of `make test` or CI: it takes minutes.
"""
from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = Path("src") / "roledocs"
# module → the tests that should notice a bug in it (fast ones: no browser, no PDF)
MODULES = {
    "kb/rules.py": ["tests/kb/test_rules.py"],
    "kb/load.py": ["tests/kb/test_bad_input.py", "tests/kb/test_rules.py", "tests/security/test_control_characters.py",
                "tests/security/test_confidential_input.py", "tests/security/test_symlinks.py",
                "tests/security/test_input_limits.py"],
    "kb/model.py": ["tests/kb/test_model.py", "tests/render/test_render_sections.py"],
}
TIMEOUT = 300  # seconds per mutant: a mutant that loops forever is killed (and counts as killed)

_SWAPS = {
    ast.Add: ast.Sub, ast.Sub: ast.Add,
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.And: ast.Or, ast.Or: ast.And,
}


@dataclass
class Mutant:
    index: int
    line: int
    kind: str
    description: str


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _points(tree: ast.AST) -> list[tuple[ast.AST, str, int | None]]:
    """(node, kind, operand index) for every mutation point, in source order."""
    skip = _docstring_ids(tree)
    in_fstring = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
    points = []
    for node in ast.walk(tree):
        if id(node) in in_fstring:
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _SWAPS:
            points.append((node, "operator", None))
        elif isinstance(node, ast.BoolOp):
            points.append((node, "operator", None))
        elif isinstance(node, ast.Compare):
            points += [(node, "operator", i) for i, op in enumerate(node.ops) if type(op) in _SWAPS]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            points.append((node, "operator", None))
        elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
            points.append((node, "condition", None))
        elif isinstance(node, ast.comprehension):
            points += [(node, "condition", i) for i in range(len(node.ifs))]
        elif isinstance(node, ast.Constant) and id(node) not in skip:
            if isinstance(node.value, bool) or (isinstance(node.value, int) and not isinstance(node.value, bool)):
                points.append((node, "constant", None))
    return sorted(points, key=lambda p: (getattr(p[0], "lineno", 0), getattr(p[0], "col_offset", 0), p[2] or 0))


def _apply(node: ast.AST, kind: str, index: int | None) -> str:
    """Change `node` in place; return what was changed."""
    if kind == "condition":
        if isinstance(node, ast.comprehension):
            node.ifs[index] = ast.UnaryOp(ast.Not(), node.ifs[index])
            return "comprehension condition negated"
        node.test = ast.UnaryOp(ast.Not(), node.test)
        return f"{type(node).__name__.lower()} condition negated"
    if kind == "constant":
        old = node.value
        node.value = (not old) if isinstance(old, bool) else old + 1
        return f"{old!r} → {node.value!r}"
    if isinstance(node, ast.BinOp) or isinstance(node, ast.BoolOp):
        old = type(node.op)
        node.op = _SWAPS[old]()
        return f"{old.__name__} → {_SWAPS[old].__name__}"
    if isinstance(node, ast.Compare):
        old = type(node.ops[index])
        node.ops[index] = _SWAPS[old]()
        return f"{old.__name__} → {_SWAPS[old].__name__}"
    if isinstance(node, ast.UnaryOp):
        return "`not` removed"
    raise AssertionError(kind)


def _mutants(source: str) -> list[tuple[Mutant, str]]:
    tree = ast.parse(source)
    count = len(_points(tree))
    result = []
    for i in range(count):
        mutated = copy.deepcopy(tree)
        node, kind, index = _points(mutated)[i]
        line = getattr(node, "lineno", 0) or getattr(getattr(node, "target", None), "lineno", 0)
        description = _apply(node, kind, index)
        if isinstance(node, ast.UnaryOp) and kind == "operator":
            mutated = _RemoveNot(id(node)).visit(mutated)
        result.append((Mutant(i + 1, line, kind, description), ast.unparse(ast.fix_missing_locations(mutated))))
    return result


class _RemoveNot(ast.NodeTransformer):
    def __init__(self, target: int):
        self.target = target

    def visit_UnaryOp(self, node):  # noqa: N802 - ast's naming
        self.generic_visit(node)
        return node.operand if id(node) == self.target else node


def _project_copy(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(".git", ".venv", "site", "artifacts", ".roledocs-cache", "__pycache__",
                                    ".pytest_cache", ".hypothesis", ".make-stamps", "*.egg-info")
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def _preload() -> None:
    """Import the slow third-party modules once, in this process: each mutant's test run is a
    fork of it (roledocs itself is never imported here, so every child imports the mutant)."""
    import click  # noqa: F401
    import jinja2  # noqa: F401
    import jsonschema  # noqa: F401
    import pytest  # noqa: F401
    import yaml  # noqa: F401


def _run_tests(project: Path, tests: list[str]) -> tuple[bool, float]:
    """Run `pytest -x tests` in a forked child on the project copy: (all passed?, seconds)."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: quiet, no bytecode (two mutants may share a size and an mtime)
        try:
            sys.dont_write_bytecode = True
            os.chdir(project)
            sys.path.insert(0, str(project / "src"))
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            import pytest
            code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", *tests])
        except BaseException:  # noqa: BLE001 - anything at all: the mutant broke the run
            code = 99
        os._exit(int(code))
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0, time.monotonic() - start
        if time.monotonic() - start > TIMEOUT:  # a mutant that loops forever counts as killed
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return False, time.monotonic() - start
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), help="modules under src/roledocs/")
    parser.add_argument("-k", "--limit", type=int, default=0, help="only the first N mutants of each module")
    parser.add_argument("--every", type=int, default=1, help="only every Nth mutation point (a sample)")
    parser.add_argument("--mutants", default="", help="only these mutants (numbers as printed: 1,17,25)")
    args = parser.parse_args(argv)
    _preload()
    totals = {"killed": 0, "survived": 0}
    survivors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="roledocs-mutate-") as tmp:
        project = _project_copy(Path(tmp) / "project")
        for module in args.modules:
            tests = [t for t in MODULES[module] if (REPO / t).exists()]
            target = project / PACKAGE / module
            original = target.read_text(encoding="utf-8")
            ok, seconds = _run_tests(project, tests)
            if not ok:
                print(f"{module}: the tests fail without any mutation; fix them first", file=sys.stderr)
                return 2
            mutants = _mutants(original)[:: args.every][: args.limit or None]
            if args.mutants:
                wanted = {int(n) for n in args.mutants.split(",")}
                mutants = [(m, source) for m, source in _mutants(original) if m.index in wanted]
            print(f"{module}: {len(mutants)} mutants, tests {' '.join(tests)} ({seconds:.0f} s unmutated)", flush=True)
            counts = {"killed": 0, "survived": 0}
            try:
                for mutant, source in mutants:
                    target.write_text(source, encoding="utf-8")
                    survived, seconds = _run_tests(project, tests)
                    state = "SURVIVED" if survived else "killed"
                    counts["survived" if survived else "killed"] += 1
                    line = f"  {module}:{mutant.line} #{mutant.index} {mutant.kind}: {mutant.description}"
                    print(f"{line} … {state} ({seconds:.1f} s)", flush=True)
                    if survived:
                        survivors.append(line.strip())
            finally:
                target.write_text(original, encoding="utf-8")
            print(f"{module}: {counts['killed']} killed, {counts['survived']} survived", flush=True)
            for key in totals:
                totals[key] += counts[key]
    total = totals["killed"] + totals["survived"]
    print(f"\nall: {total} mutants, {totals['killed']} killed, {totals['survived']} survived"
          + (f" ({totals['killed'] / total:.1%} killed)" if total else ""))
    if survivors:
        print("survivors (kill them with a test, or list them in README.md as equivalent, with the reason):")
        print("\n".join(f"  {s}" for s in survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
