#!/usr/bin/env python
"""Build the Uyghur (ug) catalogue: extract, fill from translators' JSON, report the gaps.

    .venv/bin/python scripts/ug_catalogue.py /work/notes/ug/out_1.json /work/notes/ug/out_2.json
    .venv/bin/python scripts/ug_catalogue.py --no-extract --compile out.json

1. Runs the project's ``makemessages`` (it also extracts ``_lazy``) for ``ug`` in the django
   and djangojs domains, with the ignores of docs/adr/0031 (DEBUG=1 so settings load).
2. Fills each empty (or fuzzy) msgstr from the JSON files, later files winning: keys are the
   msgid, or msgctxt + "\\x04" + msgid; values a string, or a list (one string per plural
   form; a single string fills every form).
3. Refuses a translation whose placeholders (%(x)s, %s, %d, {x}) differ from the msgid's,
   and lists every id still without a translation. Exit 1 if any is missing or refused.
4. With --compile, runs ``compilemessages -l ug`` (scripts/bootstrap does it at set-up).
See docs/adr/0035-uyghur-and-rtl.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale" / "ug" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
IGNORES = ["*/tests/*", "testing/*", "var/*", "e2e/*", "multiprocess/*", "scripts/*", ".venv/*"]
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]|\{[A-Za-z_0-9]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def key_of(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def manage(*args: str) -> None:
    env = {**os.environ, "DEBUG": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def extract() -> None:
    ignores = [arg for pattern in IGNORES for arg in ("--ignore", pattern)]
    for domain in DOMAINS:
        manage("makemessages", "-l", "ug", "-d", domain, "--no-obsolete", *ignores)


def load_translations(paths: list[Path]) -> dict[str, str | list[str]]:
    merged: dict[str, str | list[str]] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise SystemExit(f"{path}: expected a JSON object of msgid → translation")
        merged.update(data)
    return merged


def problems_of(entry: polib.POEntry) -> list[str]:
    """What is wrong with one entry's translation: missing, or placeholders that differ."""
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        if not forms or not all(forms):
            return ["untranslated"]
        wanted = placeholders(entry.msgid_plural)
        # A form may drop the count (the one-form languages say it in words): compare names.
        return [
            "placeholders differ"
            for form in forms
            if set(placeholders(form)) - set(wanted) - set(placeholders(entry.msgid))
        ][:1]
    if not entry.msgstr or "fuzzy" in entry.flags:
        return ["untranslated"]
    if placeholders(entry.msgstr) != placeholders(entry.msgid):
        return ["placeholders differ"]
    return []


def fill(catalogue: polib.POFile, translations: dict[str, str | list[str]]) -> int:
    filled = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        value = translations.get(key_of(entry))
        if value is None:
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            count = max(len(entry.msgstr_plural), 1)
            entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
        else:
            entry.msgstr = value[0] if isinstance(value, list) else value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json", nargs="*", type=Path, help="translations (msgid → Uyghur)")
    parser.add_argument("--no-extract", action="store_true", help="skip makemessages")
    parser.add_argument("--compile", action="store_true", help="compilemessages -l ug after")
    args = parser.parse_args(argv)
    if not args.no_extract:
        extract()
    translations = load_translations(args.json)
    bad = 0
    for domain in DOMAINS:
        path = LOCALE / f"{domain}.po"
        if not path.exists():
            print(f"{path.relative_to(ROOT)}: missing (run without --no-extract)")
            bad += 1
            continue
        catalogue = polib.pofile(str(path), wrapwidth=0)
        catalogue.metadata["Language"] = "ug"
        catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        filled = fill(catalogue, translations)
        catalogue.save(str(path))
        missing = [(e, problems_of(e)) for e in catalogue if not e.obsolete and problems_of(e)]
        print(
            f"{path.relative_to(ROOT)}: {len(catalogue)} ids, {filled} filled, {len(missing)} open"
        )
        for entry, problems in missing:
            print(f"  {', '.join(problems)}: {key_of(entry)!r}")
        bad += len(missing)
    if args.compile:
        manage("compilemessages", "-l", "ug", "--ignore", ".venv/*", "--ignore", "var/*")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
