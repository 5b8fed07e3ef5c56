"""The model's git state for title blocks and reports: commit, whether the work tree is clean, and the date
of the last commit (the date of the model, not of the run)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Model


@dataclass(frozen=True)
class GitState:
    commit: str | None
    date: str | None
    clean: bool


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def last_change(root: Path, paths: list[str]) -> GitState:
    """The last commit that changed `paths` (not HEAD: committing generated files beside the model does not
    change it), its date, and whether `paths` are unmodified in the work tree."""
    if _git(root, "rev-parse", "HEAD") is None:
        return GitState(None, None, False)
    line = _git(root, "log", "-1", "--format=%H %cs", "--", *paths) or ""
    commit, _, date = line.partition(" ")
    status = _git(root, "status", "--porcelain", "--untracked-files=normal", "--", *paths)
    return GitState(commit or None, date or None, bool(commit) and status == "")


def revision_state(root: Path, commit: str) -> GitState:
    """A commit read from git objects: clean by definition."""
    return GitState(commit, _git(root, "log", "-1", "--format=%cs", commit) or None, True)


def model_paths(model: Model) -> list[str]:
    """What the model is made of, for `git log` / `git status`: manifest, plateaus, model and view folders."""
    m = model.manifest
    return ["ea.yaml", m.plateaus, *m.folders["model"], m.folders["viewpoints"]]


def model_state(model: Model) -> GitState:
    """The model's last change: the same model gives the same commit and date in diagrams, reports and sites,
    however many commits of generated files come after it."""
    return last_change(model.root, model_paths(model))
