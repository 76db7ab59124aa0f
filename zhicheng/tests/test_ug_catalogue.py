"""The Uyghur catalogue is complete and keeps the placeholders (docs/adr/0035-uyghur-and-rtl.md).

Run it alone with ``pytest -m ug_catalogue zhicheng/tests/test_ug_catalogue.py``. Until the
translations are assembled (scripts/ug_catalogue.py) it fails, listing the open ids.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import polib  # type: ignore[import-untyped]
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.ug_catalogue


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "ug_catalogue", ROOT / "scripts" / "ug_catalogue.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ug = _script()


def _ids(path: Path) -> set[str]:
    return {ug.key_of(e) for e in polib.pofile(str(path)) if not e.obsolete}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_message_has_a_uyghur_translation(domain: str) -> None:
    path = ROOT / "locale" / "ug" / "LC_MESSAGES" / f"{domain}.po"
    assert path.exists(), f"{path} missing: run scripts/ug_catalogue.py"
    catalogue = polib.pofile(str(path))
    open_ids = [
        f"{', '.join(problems)}: {ug.key_of(entry)!r}"
        for entry in catalogue
        if not entry.obsolete and (problems := ug.problems_of(entry))
    ]
    # The source catalogue (zh_Hans, extracted from the same code) names no id ug lacks.
    source = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
    if source.exists():
        open_ids += [f"not extracted: {k!r}" for k in sorted(_ids(source) - _ids(path))]
    assert not open_ids, f"{len(open_ids)} open in {domain}.po:\n" + "\n".join(open_ids[:200])


def test_placeholders_are_compared() -> None:
    entry = polib.POEntry(msgid="共 %(n)s 条", msgstr="جەمئىي %(count)s")
    assert ug.problems_of(entry) == ["placeholders differ"]
    entry.msgstr = "جەمئىي %(n)s تال"
    assert ug.problems_of(entry) == []
    assert ug.problems_of(polib.POEntry(msgid="保存", msgstr="")) == ["untranslated"]


def test_fill_reads_context_and_plural_keys() -> None:
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgctxt="brand mark", msgid="职", msgstr=""))
    catalogue.append(
        polib.POEntry(msgid="%(n)s 份", msgid_plural="%(n)s 份", msgstr_plural={0: "", 1: ""})
    )
    filled = ug.fill(catalogue, {"brand mark\x04职": "ك", "%(n)s 份": ["%(n)s پارچە"]})
    assert filled == 2
    assert catalogue[0].msgstr == "ك"
    assert catalogue[1].msgstr_plural == {0: "%(n)s پارچە", 1: "%(n)s پارچە"}
