"""`ea import archimate`: an exchange file into a new repository, or merged into an existing one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EXIT_FINDINGS, EaError
from ..model import Model
from ..repo_writer import WriteError, write_repository
from . import archi
from .read import XModel, parse_xml, read_bytes, read_root
from .to_repo import ARCHIMATE_ID, manifest, plan, slug
from .upgrade import Upgrade

PLATEAUS = "# Exchange files have no plateaus: add them here (see docs/format.md, 'Plateaus').\nplateaus: []\n"


class ImportFailed(EaError):
    pass


@dataclass
class Clash:
    id: str
    file: str  # where the repository defines it
    line: int
    identifier: str  # the exchange identifier that wants the id
    has: str | None = None  # the archimate_id the repository's concept carries, if any

    def text(self) -> str:
        what = f"the exchange file's {self.identifier}" if self.identifier != "view" else "a view of the file"
        mine = f" (archimate_id {self.has})" if self.has else ""
        return f"{self.file}:{self.line}: id '{self.id}' exists already{mine}; {what} wants it"


@dataclass
class Imported:
    model: Model
    source: XModel
    upgrades: list[Upgrade] = field(default_factory=list)
    present: dict[str, str] = field(default_factory=dict)  # merge: identifier -> id of a concept already there
    files: list[str] = field(default_factory=list)  # the files written, relative to the repository
    notes: list[str] = field(default_factory=list)  # ids of the file that were renamed, `file:line: ...`


class ClashError(ImportFailed):
    exit_code = EXIT_FINDINGS  # the file is fine; the repository's own ids stand in its way

    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        super().__init__(f"{len(clashes)} id clash(es), nothing written (rename the repository's element, or "
                         "import into a new folder with --into):\n" + "\n".join(c.text() for c in clashes))


def import_archimate(path: Path, into: Path, merge: bool = False) -> Imported:
    """Import `path` into the new folder `into`, or with `merge` add it to the repository at `into` (files
    `layers/<file>-<layer>.yaml`, views `viewpoints/<file>-<view>.yaml`).

    In a merge, a concept whose id and `archimate_id` the repository has already is that concept: it is not
    written again, and the file's relationships and views refer to it. An id the repository uses for another
    concept (another `archimate_id`, or none) is a clash: all clashes are raised together (ClashError).
    Any error or clash: nothing is written.

    `path` is an exchange file (3.x, 2.1), an Archi model (`.archimate`) or a coArchi repository folder; the
    format is told by the content (the root element, or a zip archive), not by the file name."""
    return import_model(read_any(path), into, merge, slug(path.stem, "imported"))


def read_any(path: Path) -> XModel:
    """The model of an exchange file, an Archi `.archimate` file or a coArchi folder."""
    if path.is_dir():
        return archi.read_coarchi(path)
    data = read_bytes(path)
    if archi.is_archive(data):
        return archi.read_archi(path, data)
    root = parse_xml(str(path), data)
    return archi.read_archi_root(str(path), root) if archi.is_archi(root) else read_root(str(path), root)


def import_model(source: XModel, into: Path, merge: bool = False, stem: str = "imported") -> Imported:
    """Write `source` as a new repository `into`, or with `merge` add it to the repository `into` (see
    import_archimate); `stem` names the files of a merge."""
    if merge:
        from ..loader import load

        repo = load(into)
        concepts = [*repo.elements.values(), *(r for r in repo.relationships if r.id)]
        by_archimate_id = {str(c.properties.get(ARCHIMATE_ID)): c.id for c in concepts
                           if c.properties.get(ARCHIMATE_ID) is not None}
        result = plan(source, stem + "-", _present(source, by_archimate_id))
        taken = {c.id: c for c in concepts}
        clashes = [Clash(eid, taken[eid].file, taken[eid].line, ident,
                         _str(taken[eid].properties.get(ARCHIMATE_ID)))
                   for ident, eid in sorted(result.ids.items(), key=lambda item: item[1]) if eid in taken]
        clashes += [Clash(view.id, view.file, view.line, "view") for view in repo.viewpoints.values()
                    if f"viewpoints/{view.id}.yaml" in result.files]
        if clashes:
            raise ClashError(clashes)
        files = _free_names(result.files, into, stem)
    else:
        result = plan(source)
        files = {"ea.yaml": manifest(source), "gap_analysis/plateaus.yaml": PLATEAUS, **result.files}
    try:
        model = write_repository(files, into, merge=merge)
    except WriteError as exc:
        raise ImportFailed(str(exc)) from None
    return Imported(model, source, source.upgrades, result.present, sorted(files), result.notes)


def _present(source: XModel, by_archimate_id: dict[str, str]) -> dict[str, str]:
    """Exchange identifier -> id of the repository concept with that `archimate_id`."""
    return {c.ident: by_archimate_id[c.ident] for c in [*source.elements, *source.relationships]
            if c.ident in by_archimate_id}


def _str(value) -> str | None:
    return None if value is None else str(value)


def _free_names(files: dict[str, str], into: Path, stem: str) -> dict[str, str]:
    """The layer files of a merge under names the repository does not use (`layers/<stem>-2-business.yaml` when
    `layers/<stem>-business.yaml` exists, from an earlier import of a file of that name). Views keep their
    file, which the clash check has found free."""
    layers = {rel: text for rel, text in files.items() if rel.startswith("layers/")}
    n = 1
    while any((into / _renamed(rel, stem, n)).exists() for rel in layers):
        n += 1
    return {(_renamed(rel, stem, n) if rel in layers else rel): text for rel, text in files.items()}


def _renamed(rel: str, stem: str, n: int) -> str:
    return rel if n == 1 else rel.replace(f"layers/{stem}-", f"layers/{stem}-{n}-", 1)
