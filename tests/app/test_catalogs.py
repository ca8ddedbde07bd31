"""The translation catalogs (locales/): up to date with the code, complete in every language, every placeholder
kept, every plural form there, and the committed .mo files compiled from the .po files."""

from __future__ import annotations

import io
import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from core.shared.i18n import LANGUAGES, LOCALE_DIR, SOURCE

ROOT = LOCALE_DIR.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "count": (2, 3)}
TRANSLATED = sorted(set(LANGUAGES) - {SOURCE})
Msgid = str | tuple[str, ...]


@cache
def in_code() -> frozenset[Msgid]:
    """Every message the code marks, as pybabel extracts it with babel.cfg and the README's keywords."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: set[Msgid] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(tuple(message) if isinstance(message, tuple | list) else message)
    return frozenset(found)


def catalog(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def ids(cat: Catalog) -> set[Msgid]:
    return {tuple(m.id) if isinstance(m.id, tuple | list) else m.id for m in cat if m.id}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_template_holds_every_message_the_code_marks_and_no_other() -> None:
    template = ids(catalog(LOCALE_DIR / "messages.pot"))
    assert in_code() - template == set(), "run the README's pybabel extract"
    assert template - in_code() == set(), "run the README's pybabel extract"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    cat = catalog(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", language)
    assert ids(cat) >= in_code(), "run the README's pybabel update, then translate"
    problems = []
    for message in cat:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        sources = message.id if isinstance(message.id, tuple | list) else (message.id,)
        targets = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(targets):
            problems.append(f"untranslated: {message.id!r}")
            continue
        wanted = set().union(*(placeholders(s) for s in sources))
        for target in targets:
            try:
                got = placeholders(target)
            except ValueError as exc:
                problems.append(f"broken braces in {target!r}: {exc}")
                continue
            if got - wanted or (wanted - {"n"}) - got:  # a plural form may say its number in words
                problems.append(f"placeholders {sorted(got)} for {sorted(wanted)}: {message.id!r} → {target!r}")
        markup = re.compile(r"\*\*|:material/[a-z_]+:|`")
        if any(len(markup.findall(t)) != len(markup.findall(sources[0])) for t in targets):
            problems.append(f"markup differs: {message.id!r} → {targets!r}")
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_is_the_compiled_po(language: str) -> None:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    source = catalog(folder / "messages.po", language)
    fresh = io.BytesIO()
    write_mo(fresh, source)
    fresh.seek(0)
    with open(folder / "messages.mo", "rb") as committed:
        assert table(read_mo(committed)) == table(read_mo(fresh)), "run the README's pybabel compile"


def table(cat: Catalog) -> dict[Msgid, object]:
    return {(tuple(m.id) if isinstance(m.id, tuple | list) else m.id): m.string for m in cat if m.id}
