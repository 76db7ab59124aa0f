"""Find user-facing Chinese text that bypasses Django's translation functions.

    .venv/bin/python -m zhicheng.tests.untranslated [path ...]

lists every offending line (file:line: text) under the given paths (default: the whole
project) and exits 1 when there is any. `test_translated.py` runs it over the project.

What counts as an offence
- Python: a string constant with Chinese in it that is not a docstring, not a direct
  argument of a translation function (`_`, `gettext`, `gettext_lazy`, `ngettext`,
  `pgettext`, `gettext_noop`, …) and not an argument of a logging call (log lines are for
  operators, and must stay stable to search). An f-string with Chinese is always an offence:
  the catalogue cannot hold it.
- Templates: Chinese outside `{% translate %}`, `{% blocktranslate %}…{% endblocktranslate %}`,
  `_("…")` inside a tag, and comments.
- JavaScript under static/: Chinese outside `gettext("…")` / `ngettext(…)` / `interpolate(…)`.

What is left alone: tests (and testing/, the suite's shared helpers), migrations, e2e/, multiprocess/, scripts/, management commands,
reference and demo data (`*/reference/`, `portal/demo*.py`), and any line ending in the
comment `# i18n: data` (a literal that is data: a term matched in input, a seed's own word).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
HAN = re.compile(r"[\u3400-\u9fff]")
TRANSLATORS = {
    "_",
    "_lazy",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
SKIP_PARTS = {
    "tests",
    "testing",  # the suite's shared fixtures and helpers (docs/adr/0032-test-suite-speed.md)
    "migrations",
    "e2e",
    "multiprocess",
    "scripts",
    "commands",
    "reference",
    ".venv",
    "node_modules",
    "var",
    "staticfiles",
    "locale",
}
SKIP_FILES = {"conftest.py"}
DATA_PRAGMA = "# i18n: data"


def _skipped(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    if any(part in SKIP_PARTS for part in rel.parts[:-1]):
        return True
    if rel.name in SKIP_FILES or rel.name.startswith("test_"):
        return True
    return rel.parts[0] == "portal" and rel.name.startswith("demo")


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_log_call(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in LOG_METHODS
        and isinstance(func.value, ast.Name)
        and func.value.id in {"log", "logger", "logging", "audit_log", "security_log"}
    )


def python_offences(path: Path) -> Iterator[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    if not HAN.search(source):
        return
    lines = source.splitlines()
    tree = ast.parse(source)
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                allowed.add(id(body[0].value))
        elif isinstance(node, ast.Call):
            if _call_name(node) in TRANSLATORS:
                allowed.update(id(arg) for arg in node.args if isinstance(arg, ast.Constant))
            elif _is_log_call(node):
                allowed.update(id(sub) for arg in node.args for sub in ast.walk(arg))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if HAN.search(text) and id(node) not in allowed:
                allowed.update(id(part) for part in node.values)
                if not lines[node.lineno - 1].rstrip().endswith(DATA_PRAGMA):
                    yield node.lineno, "f-string: " + text
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in allowed or not HAN.search(node.value):
                continue
            end = getattr(node, "end_lineno", node.lineno) or node.lineno
            if any(
                lines[n - 1].rstrip().endswith(DATA_PRAGMA) for n in range(node.lineno, end + 1)
            ):
                continue
            yield node.lineno, node.value


TEMPLATE_ALLOWED = re.compile(
    r"\{#.*?#\}"
    r"|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}"
    r"|\{%\s*trans(?:late)?\s.*?%\}"
    r"|_\(\s*\"[^\"]*\"\s*\)|_\(\s*'[^']*'\s*\)",
    re.S,
)


def template_offences(path: Path) -> Iterator[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    if not HAN.search(text):
        return
    blanked = TEMPLATE_ALLOWED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for number, line in enumerate(blanked.splitlines(), 1):
        if HAN.search(line):
            yield number, line.strip()


JS_ALLOWED = re.compile(
    r"//[^\n]*|/\*.*?\*/"
    r"|\b(?:gettext|ngettext|pgettext|interpolate)\(\s*(?:\"[^\"]*\"|'[^']*'|`[^`]*`)"
    r"(?:\s*,\s*(?:\"[^\"]*\"|'[^']*'))*",
    re.S,
)


def js_offences(path: Path) -> Iterator[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    if not HAN.search(text):
        return
    blanked = JS_ALLOWED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for number, line in enumerate(blanked.splitlines(), 1):
        if HAN.search(line):
            yield number, line.strip()


def offences(paths: list[Path]) -> list[str]:
    found: list[str] = []
    for base in paths:
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            if not path.is_file() or _skipped(path):
                continue
            rel = path.relative_to(ROOT)
            if path.suffix == ".py":
                hits = python_offences(path)
            elif path.suffix in {".html", ".txt", ".xml"} and "templates" in rel.parts:
                hits = template_offences(path)
            elif path.suffix == ".js" and rel.parts[0] == "static":
                hits = js_offences(path)
            else:
                continue
            found.extend(f"{rel}:{line}: {text[:80]}" for line, text in hits)
    return found


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or [ROOT]
    found = offences(paths)
    print("\n".join(found))
    print(f"{len(found)} untranslated", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
