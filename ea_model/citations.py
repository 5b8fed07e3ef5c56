"""Verified citations (`ea sources --verify --texts DIR`): for every `source` of the model, does the cited
document say it at the cited lines?

The text files of the source documents live outside the model (DIR). A legal-document element names its
file with the property `text_file` (a file name inside DIR); without it, `<document id>.txt` is looked for.
A citation is checked against its `quote:` (a few words exactly as the source writes them) or, without a
quote, against the name of what it is cited for (the element's name in the first language of `ea.yaml`, a
history entry's former name, a reference-model category's name, a relationship's name or either end's name;
a legal document also by its number).
Matching ignores diacritics, case, hyphens and dashes and line breaks; the text must begin or end within the
cited lines, `SLACK` lines either side allowed.

Each citation is *verified*, *not found* (a finding `EA300`, naming the lines where the text does occur, if
anywhere), or *no text* (the document has no text file in DIR). `ea validate` does not need the texts, so
`EA300` is a finding of this command, not a validation rule.

EA300 citation-not-found (warning; `ea sources --verify --strict` fails on it)

Failing: `source: {doc: doc-2358-qd-bhxh, line: 589}` on an element named "Tổng công ty Bưu điện Việt Nam"
that the decision names at line 607.

`layers/business/organisation.yaml:12: EA300 actor-vnpost: "Tổng công ty Bưu điện Việt Nam" is not at
doc-2358-qd-bhxh L589 (found at L607) (cite the line where the source says it, or add a `quote:` of its
exact words)`

Passing: `source: {doc: doc-2358-qd-bhxh, section: VI.2.1.3, line: 607}`, or a `quote:` of the words the
source uses at the cited line.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EaError
from .model import Model, text_in
from .problems import Problem

CODE = "EA300"
NAME = "citation-not-found"
SEVERITY = "warning"
SLACK = 3  # lines either side of the cited range: page headers, wrapped table cells, off-by-a-few line counts
TEXT_FILE = "text_file"  # property of a legal-document element: its text's file name inside --texts DIR
MAX_TEXT = 20 * 1024 * 1024  # a source text larger than this is not a decision: refuse, do not read it all
VERIFIED, NOT_FOUND, NO_TEXT = "verified", "not found", "no text"

_DASHES = re.compile(r"[\u002d\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def normalise(text: str) -> str:
    """`text` without diacritics, case, hyphens or dashes, runs of white space as one space: the form in
    which a quote and the source text are compared (đ is a letter of its own, not d with a mark)."""
    text = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SPACE.sub(" ", _DASHES.sub(" ", text)).strip()


@dataclass(frozen=True)
class Citation:
    """One `source` of the model: where it is written, what it cites, and the texts that should be there."""

    file: str
    line: int  # the line of the `source` mapping in `file`
    subject: str  # what cites it: an element id, a relationship key, `category CODE`, ...
    doc: str
    section: str
    lines: tuple[int, int] | None  # the cited line range; None when the citation gives no line
    texts: tuple[str, ...]  # any of them found within the lines verifies the citation
    quoted: bool  # the texts are the citation's own `quote:`, not names


@dataclass
class Check:
    citation: Citation
    status: str
    found_at: list[int] = field(default_factory=list)  # lines where the text occurs elsewhere in the document


@dataclass
class DocumentSummary:
    doc: str
    text_file: str | None
    verified: int = 0
    not_found: int = 0
    no_text: int = 0

    @property
    def total(self) -> int:
        return self.verified + self.not_found + self.no_text


@dataclass
class Verification:
    checks: list[Check]
    summaries: list[DocumentSummary]

    @property
    def verified(self) -> int:
        return sum(s.verified for s in self.summaries)

    @property
    def not_found(self) -> int:
        return sum(s.not_found for s in self.summaries)

    @property
    def no_text(self) -> int:
        return sum(s.no_text for s in self.summaries)

    def problems(self) -> list[Problem]:
        return sorted(problem(c) for c in self.checks if c.status == NOT_FOUND)


class SourceText:
    """A document's text, normalised once, with the line each position comes from."""

    def __init__(self, text: str) -> None:
        parts: list[str] = []
        self._starts: list[int] = []  # offset in `joined` where each non-empty line begins ...
        self._numbers: list[int] = []  # ... and its line number (1-based)
        offset = 0
        for number, line in enumerate(text.splitlines(), 1):
            norm = normalise(line)
            if not norm:
                continue
            self._starts.append(offset)
            self._numbers.append(number)
            parts.append(norm)
            offset += len(norm) + 1  # lines are joined by one space, so a phrase may wrap
        self.joined = " ".join(parts)
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def _line(self, offset: int) -> int:
        return self._numbers[max(bisect.bisect_right(self._starts, offset) - 1, 0)]

    def occurrences(self, needle: str) -> list[tuple[int, int]]:
        """(first line, last line) of every occurrence of the normalised `needle`."""
        found = self._cache.get(needle)
        if found is None:
            found = []
            if needle and self._numbers:
                start = self.joined.find(needle)
                while start >= 0:
                    found.append((self._line(start), self._line(start + len(needle) - 1)))
                    start = self.joined.find(needle, start + 1)
            self._cache[needle] = found
        return found


def verify(model: Model, texts: Path) -> Verification:
    """Check every citation of `model` against the text files in `texts`."""
    if not texts.is_dir():
        raise EaError(f"{texts}: no such folder (give --texts the folder holding the source documents' text files)")
    files = text_files(model, texts)
    loaded: dict[str, SourceText | None] = {}
    summaries: dict[str, DocumentSummary] = {}
    checks: list[Check] = []
    for cit in citations(model):
        if cit.doc not in loaded:
            path = files.get(cit.doc)
            loaded[cit.doc] = _read(path) if path else None
        summary = summaries.setdefault(cit.doc, DocumentSummary(cit.doc, files[cit.doc].name if cit.doc in files
                                                                else None))
        check = _check(cit, loaded[cit.doc])
        checks.append(check)
        if check.status == VERIFIED:
            summary.verified += 1
        elif check.status == NOT_FOUND:
            summary.not_found += 1
        else:
            summary.no_text += 1
    return Verification(checks, sorted(summaries.values(), key=lambda s: (-s.total, s.doc)))


def text_files(model: Model, texts: Path) -> dict[str, Path]:
    """Document id -> its text file in `texts`: the `text_file` property, else `<id>.txt` when it exists."""
    root = texts.resolve()
    result: dict[str, Path] = {}
    for el in model.elements.values():
        if el.kind != "legal-document" and TEXT_FILE not in el.properties:
            continue
        name = el.properties.get(TEXT_FILE)
        if name is None:
            if (root / f"{el.id}.txt").is_file():
                result[el.id] = root / f"{el.id}.txt"
            continue
        path = (root / str(name)).resolve()
        if not isinstance(name, str) or Path(name).is_absolute() or not path.is_relative_to(root):
            raise EaError(f"{el.file}:{el.field_line('properties')}: {TEXT_FILE} of '{el.id}' must be a file name "
                          f"inside the --texts folder, not {str(name)!r}")
        if path.is_file():
            result[el.id] = path
    return result


def _read(path: Path) -> SourceText:
    try:
        if path.stat().st_size > MAX_TEXT:
            raise EaError(f"{path}: larger than {MAX_TEXT // 1024 // 1024} MB, not a source text")
        return SourceText(path.read_text(encoding="utf-8", errors="replace"))
    except OSError as exc:
        raise EaError(f"{path}: {exc.strerror or exc}") from exc


def _check(cit: Citation, text: SourceText | None) -> Check:
    if text is None:
        return Check(cit, NO_TEXT)
    everywhere: set[int] = set()
    for needle in {normalise(t) for t in cit.texts}:
        for first, last in text.occurrences(needle):
            if cit.lines and first <= cit.lines[1] + SLACK and last >= cit.lines[0] - SLACK:
                return Check(cit, VERIFIED)
            everywhere.add(first)
    return Check(cit, NOT_FOUND, sorted(everywhere))


def problem(check: Check) -> Problem:
    cit = check.citation
    shown = " / ".join(f'"{t}"' for t in cit.texts[:2]) or "(nothing to look for)"
    where = f"L{cit.lines[0]}" if cit.lines and cit.lines[0] == cit.lines[1] else \
        f"L{cit.lines[0]}-{cit.lines[1]}" if cit.lines else "no line"
    if check.found_at:
        more = f" and {len(check.found_at) - 5} more" if len(check.found_at) > 5 else ""
        found = "found at " + ", ".join(f"L{n}" for n in check.found_at[:5]) + more
    else:
        found = "not found anywhere in the text"
    what = "quote" if cit.quoted else "name"
    hint = ("cite the line where the source says it" if check.found_at else
            "add a `quote:` of the source's exact words at the cited line, or mark the fact `inferred: true`")
    if not cit.texts:
        hint = "add a `quote:` of the source's exact words at the cited line"
    return Problem(cit.file, cit.line, CODE, SEVERITY,
                   f"{cit.subject}: {what} {shown} is not at {cit.doc} {where} ({found})", hint)


def citations(model: Model) -> list[Citation]:
    """Every citation of the model, in file and line order."""
    lang = model.manifest.languages[0] if model.manifest.languages else "vi"
    result = list(_element_citations(model, lang))
    for rel in model.relationships:
        names = [text_in(rel.name, lang)] if rel.name else []
        for end in (rel.source, rel.target):
            el = model.elements.get(end)
            if el is not None:
                names += _names(el, lang)
        result += _cite(rel.sources, rel.file, rel.line, rel.key, names)
    for code, cat in sorted(model.categories.items()):
        result += _cite(cat.source, cat.file, cat.line, f"category {code}", _variants(text_in(cat.name, lang)))
    for plateau in model.plateaus.values():
        result += _cite(plateau.sources, plateau.file, plateau.line, f"plateau {plateau.id}", [])
    for view in model.viewpoints.values():
        result += _cite(view.sources, view.file, view.line, f"view {view.id}", [text_in(view.title, lang)])
    return sorted(result, key=lambda c: (c.file, c.line, c.subject, c.doc))


def _element_citations(model: Model, lang: str) -> Iterator[Citation]:
    for el in model.elements.values():
        yield from _cite(el.sources, el.file, el.line, el.id, _names(el, lang))
        for entry in el.history:
            if isinstance(entry, dict) and entry.get("source"):
                former = text_in(entry.get("name"), lang)
                sources = entry["source"] if isinstance(entry["source"], list) else [entry["source"]]
                yield from _cite(sources, el.file, getattr(entry, "line", el.line), f"{el.id} (former name)",
                                 _variants(former))


def _names(el, lang: str) -> list[str]:
    """The texts an element is known by in the sources: its name, the name without parenthesised parts
    (an abbreviation the source may not write there), a legal document's number."""
    names = _variants(text_in(el.name, lang))
    number = el.properties.get("number") if el.kind == "legal-document" else None
    return names + [str(number)] if number else names


def _variants(name: str) -> list[str]:
    return [n for n in dict.fromkeys([name, _PARENTHESES.sub("", name)]) if n.strip()]


def _cite(sources, file: str, line: int, subject: str, names: list[str]) -> list[Citation]:
    out = []
    for src in sources or ():
        if not isinstance(src, dict) or not src.get("doc"):
            continue
        quote = src.get("quote")
        quotes = [str(q) for q in (quote if isinstance(quote, list) else [quote]) if q] if quote else []
        numbers = [int(n) for n in _NUMBER.findall(str(src.get("line") or ""))]
        out.append(Citation(file, getattr(src, "line", line), subject, str(src["doc"]), str(src.get("section") or ""),
                            (min(numbers), max(numbers)) if numbers else None,
                            tuple(quotes or [n for n in names if n]), bool(quotes)))
    return out
