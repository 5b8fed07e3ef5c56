"""What the language server knows of the model, apart from the protocol: ids under the cursor, what to
complete on a line, where an id is defined and used, the edits of a rename. Pure functions over the loaded
model and the files' texts, so that they are tested without a client."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import ID_PATTERN, Model

ID_CHARS = "A-Za-z0-9._-"
_WORD = re.compile(f"[{ID_CHARS}]+")


@dataclass(frozen=True)
class Span:
    file: str  # repository-relative
    line: int  # 0-based, as LSP counts
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    label: str
    detail: str
    kind: str  # element, kind, type, plateau, rm, doc


def word_at(line: str, character: int) -> tuple[str, int, int]:
    """The id-like word at `character` of `line`: (word, start, end); ('', c, c) when there is none."""
    for match in _WORD.finditer(line):
        if match.start() <= character <= match.end():
            return match.group(), match.start(), match.end()
    return "", character, character


def names(model: Model, value) -> str:
    """`vi / en` of a text value."""
    if isinstance(value, dict):
        return " / ".join(str(value[lang]) for lang in model.manifest.languages if value.get(lang)) or \
            " / ".join(map(str, value.values()))
    return str(value or "")


_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*:")


_INLINE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*:(?=\s|$)")


def line_key(lines: list[str], line: int) -> str | None:
    """The key whose value the cursor is in: the key of this line, or of the nearest line above with less
    indentation (a block list item under `plateaus:`)."""
    text = lines[line] if line < len(lines) else ""
    match = _KEY.match(text)
    if match:
        return match.group(1)
    indent = len(text) - len(text.lstrip(" -"))
    for above in range(line - 1, max(line - 50, -1), -1):
        prev = lines[above]
        if not prev.strip():
            continue
        prev_indent = len(prev) - len(prev.lstrip(" "))
        match = _KEY.match(prev)
        if match and prev_indent < indent:
            return match.group(1)
    return None


def completions(model: Model, lines: list[str], line: int, character: int) -> list[Item]:
    """What may be written at the cursor, by the key it is the value of."""
    from ..metamodel import metamodel

    text = lines[line][:character] if line < len(lines) else ""
    inline = _INLINE_KEY.findall(text)  # `source: {doc: |` or `plateaus: [a, |`: the last key before the cursor
    key = inline[-1] if inline else line_key(lines, line)
    in_relationships = any(ln.startswith("relationships:") for ln in lines[:line])
    if key == "kind":
        return [Item(k, names(model, kind.name), "kind") for k, kind in sorted(model.kinds.items())]
    if key == "type":
        mm = metamodel()
        types = mm.relationship_types if in_relationships else mm.element_types
        return [Item(t, "ArchiMate", "type") for t in sorted(types)]
    if key in ("plateaus", "plateau") or (key == "changes" and not text.strip().startswith("-")):
        return [Item(p.id, f"{names(model, p.name)} ({p.date})", "plateau") for p in
                (model.plateaus[i] for i in model.plateau_order())]
    if key == "rm":
        return [Item(code, names(model, cat.name), "rm") for code, cat in sorted(model.categories.items())]
    if key == "doc":
        return [Item(el.id, names(model, el.name), "doc") for el in model.elements.values()
                if el.kind == "legal-document"]
    if key in ("id", "description", "notes", "name", "quote", "section", "line", "title", "vi", "en", "date"):
        return []
    return [Item(el.id, f"{names(model, el.name)} ({el.kind or el.type})", "element")
            for el in sorted(model.elements.values(), key=lambda e: e.id)]


def hover(model: Model, word: str) -> str | None:
    """Markdown about the id `word`: element, plateau or reference-model code."""
    el = model.elements.get(word)
    if el is not None:
        lines = [f"**{el.id}** — {names(model, el.name)}", "",
                 f"- kind: `{el.kind or '-'}`, type: `{el.type or '-'}`, layer: {el.layer or '-'}"]
        if el.owner:
            owner = model.elements.get(el.owner)
            lines.append(f"- owner: `{el.owner}`" + (f" ({names(model, owner.name)})" if owner else ""))
        lines.append(f"- plateaus: {', '.join(model.element_plateaus(el))}")
        if el.replaces:
            lines.append(f"- replaces: {', '.join(el.replaces)}")
        for src in el.sources[:5]:
            where = ", ".join(f"{k} {src[k]}" for k in ("section", "line") if src.get(k) is not None)
            lines.append(f"- source: `{src.get('doc')}` {where}".rstrip())
        lines.append(f"- defined in {el.file}:{el.line}")
        return "\n".join(lines)
    plateau = model.plateaus.get(word)
    if plateau is not None:
        return f"**{plateau.id}** — {names(model, plateau.name)}, {plateau.date} (plateau)"
    cat = model.categories.get(word)
    if cat is not None:
        return f"**{word}** — {names(model, cat.name)} (reference model)"
    return None


def definition(model: Model, word: str) -> Span | None:
    el = model.elements.get(word)
    if el is not None:
        return Span(el.file, el.line - 1, 0, 0)
    plateau = model.plateaus.get(word)
    if plateau is not None:
        return Span(plateau.file, plateau.line - 1, 0, 0)
    view = model.viewpoints.get(word)
    if view is not None:
        return Span(view.file, view.line - 1, 0, 0)
    return None


def searchable_files(model: Model) -> list[str]:
    from ..loader import yaml_files

    views = [p.relative_to(model.root).as_posix()
             for p in yaml_files(model.root, model.root / model.manifest.folders["viewpoints"])]
    return sorted(set(model.files) | set(views))


def occurrences(model: Model, word: str, texts: dict[str, str]) -> list[Span]:
    """Every place the id `word` is written, as a whole token, in the repository's model and view files
    (`texts` holds the editor's unsaved buffers)."""
    pattern = re.compile(f"(?<![{ID_CHARS}]){re.escape(word)}(?![{ID_CHARS}])")
    spans = []
    for rel in searchable_files(model):
        text = texts.get(rel)
        if text is None:
            try:
                text = (model.root / rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
        if word not in text:
            continue
        for number, line in enumerate(text.splitlines()):
            if word in line and not line.lstrip().startswith("#"):
                spans += [Span(rel, number, m.start(), m.end()) for m in pattern.finditer(line)]
    return spans


class RenameRefused(ValueError):
    pass


def rename(model: Model, old: str, new: str, texts: dict[str, str]) -> list[Span]:
    """The spans to replace by `new` to rename the id `old` everywhere: its definition, every reference,
    and the `replaces` lists of its successors (so the history still leads to it)."""
    if old not in model.elements and old not in model.plateaus:
        raise RenameRefused(f"'{old}' is not an element or plateau id of the model")
    if not re.fullmatch(ID_PATTERN, new):
        raise RenameRefused(f"'{new}' is not a valid id (letters, digits, '.', '_', '-')")
    if new in model.elements or new in model.plateaus:
        raise RenameRefused(f"'{new}' is already an id of the model")
    return occurrences(model, old, texts)


def symbols(model: Model, rel: str) -> list[tuple[str, str, int, int]]:
    """(id, detail, first line, last line), 0-based, of what the file `rel` defines."""
    found = [(el.id, names(model, el.name), el.line - 1) for el in model.elements.values() if el.file == rel]
    found += [(v.id, names(model, v.title), v.line - 1) for v in model.viewpoints.values() if v.file == rel]
    found += [(p.id, names(model, p.name), p.line - 1) for p in model.plateaus.values() if p.file == rel]
    found.sort(key=lambda s: s[2])
    try:
        total = len((model.root / rel).read_text(encoding="utf-8").splitlines())
    except OSError:
        total = found[-1][2] + 1 if found else 0
    result = []
    for i, (sid, detail, start) in enumerate(found):
        end = found[i + 1][2] - 1 if i + 1 < len(found) else max(total - 1, start)
        result.append((sid, detail, start, max(end, start)))
    return result


def relative(root: Path, path: str) -> str | None:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return None
