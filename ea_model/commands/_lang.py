"""The `--lang` option of every command that writes words: its choices are the catalogue's `LANGUAGES`, its
default the first language of `ea.yaml`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click

from ..errors import EaError
from ..i18n import CODE, LANGUAGES, Language
from ..model import Element, Model

DEFAULT_HELP = "(default: the first language of ea.yaml)"


class LanguageChoice(click.Choice):
    """The interface languages, offered in help and completion; any other language code is let through
    here, since a repository may list it in ea.yaml (`language` checks it once the model is loaded)."""

    def __init__(self, extra: Sequence[str] = ()) -> None:
        super().__init__([*LANGUAGES, *extra])

    def convert(self, value, param, ctx):
        if isinstance(value, str) and value not in self.choices and CODE.fullmatch(value):
            return value
        return super().convert(value, param, ctx)


def lang_option(help_text: str = "Language", extra: Sequence[str] = (), default: str | None = None) -> Callable:
    suffix = DEFAULT_HELP if default is None else f"(default: {default})"
    return click.option("--lang", type=LanguageChoice(extra), default=default, help=f"{help_text} {suffix}.")


def language(model: Model, lang: str | None) -> str:
    """`--lang` as given, or the manifest's first language; a code that neither ea.yaml nor the interface
    knows is refused (a typo would otherwise give English words and names in the fallback language)."""
    known = list(dict.fromkeys([*model.manifest.languages, *LANGUAGES]))
    if lang is None:
        return model.manifest.languages[0]
    if lang not in known:
        raise EaError(f"--lang {lang}: not a language of this repository (ea.yaml languages: "
                      f"{', '.join(model.manifest.languages)}; the interface speaks {', '.join(LANGUAGES)})")
    return lang


def name(model: Model, el: Element, lang: str) -> str:
    """An element's name in `lang`, else in the next language of ea.yaml's list; its id when it has none."""
    return Language.of(lang, model.manifest.languages).text(el.name) or el.id
