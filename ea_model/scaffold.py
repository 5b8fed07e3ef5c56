"""Start a new repository from the template in `templates/init/`."""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from pathlib import Path
from string import Template

from .framework import resolve
from .manifest import MANIFEST, RepositoryError

TEMPLATE_DIR = Path(__file__).parent / "templates" / "init"
EXTRA_DIRS = ("exports",)


def init_repository(target: Path, repo_id: str | None = None, name: str | None = None,
                    framework: str = "vneaf-3.0", base_iri: str | None = None,
                    today: datetime.date | None = None) -> Path:
    """Create a repository in `target` (which must not hold one). Written to a temporary folder first,
    then moved into place, so a failure leaves nothing behind."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise RepositoryError(f"{target} exists and is not a folder: choose a new folder name")
    if target.exists() and any(target.iterdir()):
        raise RepositoryError(f"{target} is not empty: choose a new folder")
    resolve(framework)  # fail early on an unknown framework
    repo_id = repo_id or re.sub(r"[^a-z0-9]+", "-", target.resolve().name.lower()).strip("-") or "ea"
    today = today or datetime.date.today()
    values = {
        "id": repo_id,
        "name": name or repo_id,
        "framework": framework,
        "base_iri": base_iri or f"https://example.org/ea/{repo_id}/",
        "today": today.isoformat(),
        "target_date": today.replace(year=today.year + 5).isoformat(),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ea-init-", dir=target.parent))
    try:
        for src in sorted(TEMPLATE_DIR.rglob("*")):
            dest = staging / src.relative_to(TEMPLATE_DIR)
            if src.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(Template(src.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        for extra in EXTRA_DIRS:
            (staging / extra).mkdir(exist_ok=True)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target / MANIFEST
