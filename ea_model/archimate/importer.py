"""`ea import archimate`: an exchange file into a new repository, or merged into an existing one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Model
from ..repo_writer import WriteError, write_repository
from .read import XModel, read
from .to_repo import manifest, plan, slug
from .upgrade import Upgrade

PLATEAUS = "# Exchange files have no plateaus: add them here (see docs/format.md, 'Plateaus').\nplateaus: []\n"


class ImportFailed(Exception):
    pass


@dataclass
class Clash:
    id: str
    file: str  # where the repository defines it
    line: int
    identifier: str  # the exchange identifier that wants the id


@dataclass
class Imported:
    model: Model
    source: XModel
    upgrades: list[Upgrade] = field(default_factory=list)


class ClashError(ImportFailed):
    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        lines = [f"{c.file}:{c.line}: id '{c.id}' exists already; the exchange file's {c.identifier} wants it"
                 for c in clashes]
        super().__init__(f"{len(clashes)} id clash(es), nothing written (rename the repository's element, or "
                         "import into a new folder with --into):\n" + "\n".join(lines))


def import_archimate(path: Path, into: Path, merge: bool = False) -> Imported:
    """Import `path` into the new folder `into`, or with `merge` add it to the repository at `into` (files
    `layers/<file>-<layer>.yaml`, views `viewpoints/<file>-<view>.yaml`). Any error or id clash: nothing is
    written."""
    source = read(path)
    if merge:
        from ..loader import load

        repo = load(into)
        prefix = slug(path.stem, "imported") + "-"
        result = plan(source, prefix)
        taken = {**{e.id: (e.file, e.line) for e in repo.elements.values()},
                 **{r.id: (r.file, r.line) for r in repo.relationships if r.id}}
        ident_of = {eid: ident for ident, eid in result.ids.items()}
        clashes = [Clash(eid, *taken[eid], ident_of[eid]) for eid in sorted(ident_of) if eid in taken]
        clashes += [Clash(view.id, view.file, view.line, "view") for view in repo.viewpoints.values()
                    if f"viewpoints/{view.id}.yaml" in result.files]
        if clashes:
            raise ClashError(clashes)
        files = result.files
    else:
        files = {"ea.yaml": manifest(source), "gap_analysis/plateaus.yaml": PLATEAUS, **plan(source).files}
    try:
        model = write_repository(files, into, merge=merge)
    except WriteError as exc:
        raise ImportFailed(str(exc)) from None
    return Imported(model, source, source.upgrades)
