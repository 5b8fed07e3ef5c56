"""Start a new repository from the template in `templates/init/`: manifest, example elements in every layer,
two plateaus with a report definition, a view, the JSON Schemas the files point editors at, and a git
repository (with a first commit on request)."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from string import Template

from .framework import load_framework, resolve
from .manifest import MANIFEST, RepositoryError
from .schema_build import manifest_schema, model_schema, plateaus_schema

TEMPLATE_DIR = Path(__file__).parent / "templates" / "init"
EXTRA_DIRS = ("exports",)


def init_repository(target: Path, repo_id: str | None = None, name_vi: str | None = None,
                    name_en: str | None = None, framework: str = "vneaf-3.0", base_iri: str | None = None,
                    today: datetime.date | None = None, git: bool = True, commit: bool = False) -> Path:
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
        # JSON strings are YAML double-quoted scalars: any name (with ':' or '#') stays one value.
        "name_vi": json.dumps(name_vi or repo_id, ensure_ascii=False),
        "name_en": json.dumps(name_en or name_vi or repo_id, ensure_ascii=False),
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
        _write_schemas(staging, framework)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if git:
        _git_init(target, commit, name_vi or repo_id)
    return target / MANIFEST


SCHEMAS = {"ea.schema.json": "model", "ea.manifest.schema.json": "manifest", "ea.plateaus.schema.json": "plateaus"}


def _write_schemas(folder: Path, framework: str) -> None:
    """The schemas the template's `yaml-language-server` comments name (what `ea schema --for ...` prints)."""
    made = {"model": lambda: model_schema(load_framework(framework)), "manifest": manifest_schema,
            "plateaus": plateaus_schema}
    for name, part in SCHEMAS.items():
        text = json.dumps(made[part](), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (folder / name).write_text(text, encoding="utf-8")


def _git_init(target: Path, commit: bool, name: str) -> None:
    """`git init` unless `target` is inside a work tree already; `commit` makes the first commit. Without git
    the repository is still complete: git is how architects share it, not what `ea` needs."""
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(target), *args], capture_output=True, text=True, check=False)

    try:
        if git("rev-parse", "--is-inside-work-tree").returncode != 0:
            git("init", "-q")
        if commit:
            git("add", "-A")
            done = git("commit", "-q", "-m", f"ea init: {name}")
            if done.returncode != 0:
                raise RepositoryError(f"git commit failed: {done.stderr.strip()} (set user.name and user.email)")
    except FileNotFoundError:
        if commit:
            raise RepositoryError("git is not installed: --commit needs it") from None
