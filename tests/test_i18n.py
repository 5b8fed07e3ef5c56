"""The translation catalogue (ea_model/i18n.py): complete, consistent, the only place words live, and the
source of every `--lang` option."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import click
import pytest

import ea_model
from ea_model import i18n
from ea_model.cli import main

PACKAGE = Path(ea_model.__file__).parent


def test_every_message_has_one_text_per_language_with_the_same_fields():
    fields = string.Formatter()
    for key, texts in i18n.MESSAGES.items():
        assert len(texts) == len(i18n.LANGUAGES), key
        assert all(t.strip() for t in texts), key
        names = [sorted(f for _, f, _, _ in fields.parse(t) if f) for t in texts]
        assert all(n == names[0] for n in names), key


def test_no_message_id_is_written_twice():
    # a dict literal keeps the last of two equal keys in silence
    tree = ast.parse((PACKAGE / "i18n.py").read_text(encoding="utf-8"))
    catalogue = next(node.value for node in ast.walk(tree)
                     if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "MESSAGES")
    keys = [k.value for k in catalogue.keys]
    assert len(keys) == len(set(keys)) == len(i18n.MESSAGES)


def _bilingual_literals(path: Path) -> list[str]:
    """`{"vi": ..., "en": ...}` dicts and `("…", "…")` pairs of a module's words outside the catalogue."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"vi", "en"} <= keys and all(isinstance(v, ast.Constant | ast.JoinedStr) for v in node.values):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
        if isinstance(node, ast.IfExp) and isinstance(node.test, ast.Compare):
            test = ast.unparse(node.test)
            if re.search(r"lang\w* == ['\"](vi|en)['\"]", test) and isinstance(node.body, ast.Constant):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_words_live_only_in_the_catalogue():
    modules = [*(PACKAGE / "gap").rglob("*.py"), *(PACKAGE / "site").rglob("*.py"), *(PACKAGE / "render").rglob("*.py"),
               PACKAGE / "viewpoints.py"]
    assert [m for m in modules if m.name == "labels.py"] == []
    assert [hit for m in modules for hit in _bilingual_literals(m)] == []


def test_words_fall_back_to_english_and_names_to_the_next_language():
    assert i18n.word("none", "vi") == "Không có." and i18n.word("none", "fr") == "None."
    assert i18n.word("gaps_n", "vi", n=3) == "3 khoảng cách"
    assert i18n.word("no-such-message", "vi") == "no-such-message"
    assert i18n.fallbacks("fr", ["fr", "de", "en"]) == ("fr", "de", "en")
    assert i18n.fallbacks("de", ["fr", "de", "vi"]) == ("de", "vi", "fr", "en")
    assert i18n.fallbacks("en", ["vi", "en"]) == ("en", "vi")
    name = {"vi": "Tường lửa", "en": "Firewall"}
    assert i18n.Language.of("fr", ["fr", "en"]).text(name) == "Firewall"
    assert i18n.Language.of("fr", ["fr", "vi"]).text(name) == "Tường lửa"
    assert i18n.Language.of("fr", ["fr", "en"]).text({"fr": "Pare-feu", **name}) == "Pare-feu"
    assert i18n.Language.of("de", ["de"]).text({"ja": "x"}) == "x"  # nothing in the order: the first text
    assert i18n.language_name("vi") == "Tiếng Việt" and i18n.language_name("xx") == "xx"


def _lang_options() -> dict[str, click.Option]:
    found = {}

    def walk(cmd: click.Command, path: str) -> None:
        for p in cmd.params:
            if p.name == "lang":
                found[path] = p
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(main, "")
    return found


def test_every_lang_option_is_built_from_the_catalogue_languages():
    options = _lang_options()
    assert {"render", "gap", "site", "query impact", "query find"} <= set(options)
    for path, option in options.items():
        assert isinstance(option.type, click.Choice), path
        assert tuple(option.type.choices)[:len(i18n.LANGUAGES)] == i18n.LANGUAGES, path


@pytest.mark.parametrize("command", ["render", "gap", "query impact", "query find"])
def test_lang_defaults_to_the_manifest_first_language(command):
    option = _lang_options()[command]
    assert option.default is None and "first language of ea.yaml" in option.help


def test_the_site_defaults_to_every_language_the_manifest_first_first():
    from ea_model.commands.site import languages_for

    assert _lang_options()["site"].default == "both"
    assert languages_for(["fr", "en"], "both") == ["fr", "en", "vi"]
    assert languages_for(["en", "vi"], "both") == ["en", "vi"]
