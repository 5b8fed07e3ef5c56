"""Writing a generated YAML repository (the importers' output): readable YAML, and the whole folder or nothing.

The files are written into a temporary folder beside the target, loaded back, and only then moved into place
(a new folder is renamed whole; a merge into an existing repository moves the new files in, none existing)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePosixPath

import yaml

from .errors import EaError


class WriteError(EaError):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(data) -> str:
    """Block-style YAML with short lists inline, Unicode kept, keys in the given order."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None,
                     width=120)


def confined(root: Path, rel: str) -> Path:
    """`root / rel`, refused (WriteError) unless it stays inside `root` once resolved: the importers build
    file names from ids found in other people's files, and a `..` or a symlink must not carry a write out."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or "\\" in rel or "\0" in rel:
        raise WriteError(f"refused to write '{rel}': not a plain path inside {root}")
    path = root / rel
    base = root.resolve()
    if not path.resolve().is_relative_to(base):
        raise WriteError(f"refused to write '{rel}': it resolves outside {root}")
    return path


def write_repository(files: dict[str, str], into: Path, merge: bool = False):
    """Write `files` (relative path -> text) as the repository `into` (absent or an empty folder), or with
    `merge` add them to the existing repository `into` (no file may exist already). The result must load
    without errors; returns the loaded model. Raises WriteError and leaves nothing behind on any failure."""
    from .loader import load
    from .manifest import RepositoryError

    for rel in files:
        confined(into, rel)
    if merge:
        clashes = sorted(rel for rel in files if (into / rel).exists())
        if clashes:
            raise WriteError(f"these files exist already in {into}: {', '.join(clashes)}")
    elif into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise WriteError(f"{into} exists and is not an empty folder: choose a new folder")
    into.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=into.parent if not merge else into, prefix=f".{into.name}.import-"))
    try:
        if merge:  # load the union: a copy of the repository with the new files
            shutil.copytree(into, tmp, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(tmp.name, ".git", "exports", ".venv"))
        for rel, text in files.items():
            target = confined(tmp, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            model = load(tmp)
        except RepositoryError as exc:
            raise WriteError(f"the repository does not load: {exc}") from None
        errors = [p for p in model.load_problems if p.severity == "error"]
        if errors:
            raise WriteError("the repository does not load:\n" + "\n".join(p.text() for p in errors[:20]))
        if merge:
            for rel in files:
                target = confined(into, rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(tmp / rel, target)
        else:
            if into.exists():
                into.rmdir()
            tmp.rename(into)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return load(into)
