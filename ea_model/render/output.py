"""DOT -> files: run graphviz's `dot`, write each output whole (temporary file, then rename)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import graphviz

from ..atomic import write_bytes
from ..errors import EaError
from ..gitinfo import model_state
from ..model import Model
from ..viewpoints import Viewpoint, select
from .dot import to_dot

FORMATS = ("svg", "png", "pdf", "dot")
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
    """Render each view in each format into `out_dir`; returns what was written."""
    git = model_state(model)
    written = []
    for view in views:
        for fmt in formats:
            data, sel = render_bytes(model, view, fmt, lang, plateau, git)
            path = out_dir / file_name(view.id, fmt, lang, model.manifest.languages[0])
            write_bytes(path, data)
            written.append(Rendered(view.id, path, len(sel.elements), len(sel.relationships)))
        if progress:
            progress()
    return written
