"""Every public function, class and method under src/roledocs has a docstring (issue 13.6)."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "roledocs"


def public_definitions(tree):
    """Yield (name, line, node) for public module-level definitions and public methods."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            yield node.name, node.lineno, node
            if isinstance(node, ast.ClassDef):
                for member in node.body:
                    if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and not member.name.startswith("_"):
                        yield f"{node.name}.{member.name}", member.lineno, member


def missing_docstrings():
    """Return 'path:line name' for every public definition without a docstring."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, line, node in public_definitions(tree):
            if not ast.get_docstring(node):
                missing.append(f"{path.relative_to(PACKAGE.parent)}:{line} {name}")
    return missing


def test_package_is_found():
    assert len(list(PACKAGE.rglob("*.py"))) > 50


def test_every_public_definition_has_a_docstring():
    missing = missing_docstrings()
    assert not missing, f"{len(missing)} public definitions lack a docstring:\n" + "\n".join(missing)
