"""The model as committed at a git revision, read from git objects (`git archive`) into a temporary folder,
without touching the work tree or the index."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from ..errors import EaError
from ..gitinfo import GitState, revision_state
from ..loader import load
from ..model import Model


class RevisionError(EaError):
    pass


def _git(root: Path, *args: str) -> bytes:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=300)
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc} (install git)") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {args[0]} took too long") from None
    if out.returncode != 0:
        raise RevisionError(out.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return out.stdout


def resolve(root: Path, rev: str) -> str:
    """The commit id `rev` names, or RevisionError."""
    try:
        _git(root, "rev-parse", "--git-dir")
    except RevisionError:
        raise RevisionError(f"{root} is not in a git repository: --from-rev needs one") from None
    if rev.startswith("-"):
        raise RevisionError(f"unknown revision '{rev}'")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}") \
            .decode().strip()
    except RevisionError:
        raise RevisionError(f"unknown revision '{rev}' (see `git log --oneline`)") from None


def extract(root: Path, commit: str, dest: Path) -> Path:
    """Write the repository folder `root` as it was at `commit` into `dest`; returns `dest`."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    treeish = f"{commit}:{prefix.rstrip('/')}" if prefix else commit
    try:  # from the top: in a subfolder, git archive would also restrict itself to that folder's path
        data = _git(top, "archive", "--format=tar", treeish)
    except RevisionError as exc:
        raise RevisionError(f"revision {commit[:10]} has no folder '{prefix}': {exc}") from None
    dest.mkdir(parents=True, exist_ok=True)
    if not _git(top, "ls-tree", "--name-only", treeish).strip():  # tarfile cannot read an empty tree's archive
        return dest
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(dest, filter="data")
    except tarfile.FilterError as exc:  # e.g. a committed symlink to /etc/shadow: never followed
        member = getattr(exc, "tarinfo", None)
        name = member.name if member else "a file"
        raise RevisionError(f"revision {commit[:10]}: {name} links outside the repository; it is not read "
                            "(replace the link by the file it points to)") from None
    except tarfile.TarError as exc:
        raise RevisionError(f"revision {commit[:10]} cannot be read: {str(exc).splitlines()[0]}") from None
    return dest


def load_revision(root: Path, rev: str, dest: Path) -> tuple[Model, GitState]:
    """The model at `rev` (extracted into `dest`) and its git state."""
    commit = resolve(root, rev)
    folder = extract(root, commit, dest)
    if not (folder / "ea.yaml").is_file():
        raise RevisionError(f"revision {rev} ({commit[:10]}) has no ea.yaml in this folder")
    return load(folder), revision_state(root, commit)
