"""DOT -> files: run graphviz's `dot`; the set of outputs is moved into place whole (staging.py)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import graphviz

from ..errors import EaError
from ..gitinfo import model_state
from ..model import Model
from ..staging import move_in, staging
from ..viewpoints import Viewpoint, select
from .dot import to_dot

INSTALL_HINT = "install graphviz: `apt-get install graphviz` (Debian/Ubuntu), or run `make setup`"


class RenderError(EaError):
    pass


@dataclass
class Rendered:
    view: str
    path: Path
    elements: int
    relationships: int


def check_dot() -> None:
    if shutil.which("dot") is None:
        raise RenderError(f"graphviz's `dot` program is not installed: {INSTALL_HINT}")


def render_bytes(model: Model, view: Viewpoint, fmt: str, lang: str, plateau: str | None = None,
                 git=None) -> tuple[bytes, object]:
    sel = select(model, view, plateau)
    source = to_dot(model, sel, lang, git)
    if fmt == "dot":
        return source.encode("utf-8"), sel
    check_dot()
    try:
        return graphviz.Source(source, engine="dot").pipe(format=fmt), sel
    except graphviz.ExecutableNotFound as exc:
        raise RenderError(f"graphviz's `dot` program is not installed: {INSTALL_HINT}") from exc
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"graphviz failed on view '{view.id}': {exc.stderr.decode(errors='replace')}") from exc


MAX_STEM = 100  # file systems allow 255 bytes a name; an id over the limit (EA100) must not crash a render


def file_name(view_id: str, fmt: str, lang: str, default_lang: str) -> str:
    """`<view>[.<lang>].<fmt>`: ASCII, no path separators, and short enough for any file system."""
    suffix = "" if lang == default_lang else f".{lang}"
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in view_id)
    safe = "_" + safe[1:] if safe.startswith(".") else safe  # no hidden files, no `..`
    if safe != view_id or len(safe) > MAX_STEM:  # keep two ids that sanitise alike apart
        digest = hashlib.blake2b(view_id.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        safe = f"{safe[:MAX_STEM - 9]}-{digest}"
    return f"{safe}{suffix}.{fmt}"


def render_views(model: Model, views: list[Viewpoint], formats: list[str], lang: str, out_dir: Path,
                 plateau: str | None = None, progress=None) -> list[Rendered]:
    """Render each view in each format into `out_dir`; returns what was written. Every diagram is drawn into
    a folder beside `out_dir` first and moved in only when all are drawn: a failure leaves `out_dir` as it
    was, never half old and half new."""
    git = model_state(model)
    drawn = []
    with staging(out_dir) as tmp:
        for view in views:
            for fmt in formats:
                data, sel = render_bytes(model, view, fmt, lang, plateau, git)
                name = file_name(view.id, fmt, lang, model.manifest.languages[0])
                (tmp / name).write_bytes(data)
                drawn.append((name, Rendered(view.id, out_dir / name, len(sel.elements), len(sel.relationships))))
            if progress:
                progress()
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, _ in drawn:
            move_in(tmp / name, out_dir / name)
    return [rendered for _, rendered in drawn]
