"""Imports run one way (issue 10 point 4; docs/adr/0031-kernel-translation-and-import-layers.md).

`test_imports_follow_the_layers` runs the import-linter contract of pyproject.toml and, when
it is broken, fails with the chains that run the wrong way (`a.views -> b.models (l.12)`).
`test_no_lazy_first_party_imports` refuses an import of a first-party module written inside
a function — the usual way a cycle is dodged — except the few listed in `LAZY_ALLOWED`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (file, function) → why the import must wait until the function runs. Keep it short.
LAZY_ALLOWED: dict[tuple[str, str], str] = {
    ("audit/apps.py", "ready"): (
        "AppConfig.ready: signal receivers and checks import models, which cannot be "
        "imported while apps.py itself is loaded (the app registry is not ready)"
    ),
    ("zhicheng/apps.py", "ready"): (
        "AppConfig.ready: the task and request signal receivers are connected once Django "
        "has loaded every app"
    ),
    ("accounts/apps.py", "ready"): (
        "AppConfig.ready: the sign-in audit receivers import the user model, which cannot "
        "be imported while apps.py itself is loaded"
    ),
    ("notifications/apps.py", "ready"): (
        "AppConfig.ready: installs the deliverer into lib.outbox and registers its resend "
        "job with the scheduler; both import models, which cannot be imported while apps.py "
        "itself is loaded"
    ),
    ("certificates/apps.py", "ready"): (
        "AppConfig.ready: installs certificates' issuer into the results port "
        "(results.issuing); the issuer imports models, which cannot be imported while "
        "apps.py itself is loaded"
    ),
    ("recovery/apps.py", "ready"): (
        "AppConfig.ready: connects receivers whose module imports models, which cannot be "
        "imported while apps.py itself is loaded"
    ),
}


def _first_party() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["importlinter"]["root_packages"])


def _product_files(packages: set[str]) -> list[Path]:
    files = []
    for package in sorted(packages):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            files.append(path)
    return files


def lazy_imports(path: Path, packages: set[str]) -> list[tuple[str, int, str]]:
    """(function, line, module) of every first-party import inside a function in `path`."""
    found: list[tuple[str, int, str]] = []

    def walk(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if function is not None and isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.Import):
                    modules = [alias.name for alias in child.names]
                else:
                    modules = [child.module or ""] if child.level == 0 else ["."]
                for module in modules:
                    if module == "." or module.split(".")[0] in packages:
                        found.append((function, child.lineno, module))
            walk(child, inner)

    walk(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def _registers_on_ready(rel: str, function: str) -> bool:
    """An app's AppConfig.ready plugging its provider into a lower layer's port.

    Django's documented place for imports that need the app registry: a domain registers
    what it contributes (its to-do list for 我的主页, its issuer, its scheduled job) into a
    registry owned by a lower layer, which then never imports the domain.
    """
    return rel.endswith("/apps.py") and function == "ready"


def test_imports_follow_the_layers():
    run = subprocess.run(  # noqa: S603 - our own venv's lint-imports on our own tree
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        report = run.stdout
        start = report.find("Broken contracts")
        raise AssertionError(
            "imports run the wrong way (a module may import only from layers below it; "
            "see [tool.importlinter] in pyproject.toml):\n"
            + (report[start:] if start >= 0 else report + run.stderr)
        )


def test_no_lazy_first_party_imports():
    packages = _first_party()
    offences = []
    for path in _product_files(packages):
        rel = path.relative_to(ROOT).as_posix()
        for function, line, module in lazy_imports(path, packages):
            if (rel, function) not in LAZY_ALLOWED and not _registers_on_ready(rel, function):
                offences.append(f"{rel}:{line}: {module} imported inside {function}()")
    assert not offences, (
        "first-party imports inside functions (move the shared piece down a layer, or import "
        "at module level; a genuine reason goes into LAZY_ALLOWED with that reason):\n"
        + "\n".join(offences)
    )


def test_allowed_lazy_imports_still_exist():
    # An entry whose import is gone must leave the list, or the list only grows.
    packages = _first_party()
    stale = [
        f"{rel}:{function}"
        for rel, function in LAZY_ALLOWED
        if not any(f == function for f, _, _ in lazy_imports(ROOT / rel, packages))
    ]
    assert not stale, "LAZY_ALLOWED entries without a lazy import: " + ", ".join(stale)


def test_the_checker_sees_a_lazy_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n\ndef f():\n    from orgs.models import Region\n    import json\n",
        encoding="utf-8",
    )
    assert lazy_imports(sample, {"orgs"}) == [("f", 4, "orgs.models")]
