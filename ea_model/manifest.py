"""The repository manifest `ea.yaml`: finding it and reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import EaError
from .problems import LOAD_CODES
from .schema_build import manifest_schema
from .schema_check import schema_problems
from .yamlload import YamlError, load_file

MANIFEST = "ea.yaml"
DEFAULT_FOLDERS = {
    "model": ["layers", "gap_analysis/work_packages"],
    "viewpoints": "viewpoints",
    "gap_analysis": "gap_analysis",
    "exports": "exports",
    "document": "document",
}


class RepositoryError(EaError):
    """The repository cannot be loaded at all (no manifest, unreadable manifest, unknown framework)."""


@dataclass
class Manifest:
    id: str
    name: dict | str
    framework: str
    languages: list[str]
    base_iri: str
    plateaus: str
    folders: dict
    disabled_rules: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    depends: list = field(default_factory=list)  # ea_model.deps.Dependency, in the order of ea.yaml
    raw: dict = field(default_factory=dict, repr=False)


def _line(mapping, key) -> int:
    lines = getattr(mapping, "lines", None) or {}
    return lines.get(key, getattr(mapping, "line", 1))


def _inside(value: str) -> bool:
    """A relative path that stays inside the repository: no absolute path, drive or `..` step."""
    path = Path(value)
    return not path.is_absolute() and not path.drive and ".." not in path.parts


def _refuse_paths_outside(data) -> None:
    """Folders and files the manifest names are read and written by every command: they must stay inside the
    repository, or a shared manifest could make `ea` read /etc/shadow or write over another project."""
    checks = [(data, "plateaus", data.get("plateaus"))]
    folders = data.get("folders") or {}
    for key, value in folders.items():
        values = value if isinstance(value, list) else [value]
        checks += [(folders, key, v) for v in values]
    for mapping, key, value in checks:
        if isinstance(value, str) and not _inside(value):
            where = f"folders.{key}" if mapping is folders else key
            raise RepositoryError(
                f"{MANIFEST}:{_line(mapping, key)}: {where} '{value}' is outside the repository (write a path "
                "relative to the folder of ea.yaml, without '..'; to write elsewhere, use --out)")


def _refuse_silencing_load_errors(rules) -> None:
    for key in ("disable", "severity"):
        value = rules.get(key) or []
        codes = value if isinstance(value, list) else list(value)
        for code in codes:
            if code in LOAD_CODES:
                raise RepositoryError(
                    f"{MANIFEST}:{_line(rules, key)}: rules.{key} cannot change {code}: a file that cannot be read "
                    "would be left out of the model in silence (fix the file instead)")


def _dependencies(data) -> list:
    from .deps import dependencies

    deps = dependencies(data)
    seen: dict[str, int] = {}
    for dep in deps:
        if dep.prefix in seen:
            raise RepositoryError(f"{MANIFEST}:{dep.line}: depends: prefix '{dep.prefix}' is used twice (first at "
                                  f"line {seen[dep.prefix]}): give each dependency its own prefix")
        seen[dep.prefix] = dep.line
    return deps


def find_root(start: Path | str | None = None) -> Path:
    """The folder holding `ea.yaml`: `start` itself or the nearest parent."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / MANIFEST).is_file():
            return folder
    raise RepositoryError(
        f"no {MANIFEST} found in {here} or its parents: run `ea init DIR` to start a repository, "
        "or pass --repo PATH"
    )


def read_manifest(root: Path) -> Manifest:
    path = root / MANIFEST
    try:
        data = load_file(str(path), MANIFEST)
    except YamlError as exc:
        raise RepositoryError(f"{exc.path}:{exc.line}: {exc.code} {exc.message} ({exc.hint})") from None
    if not isinstance(data, dict):
        raise RepositoryError(f"{MANIFEST}:1: EA100 the manifest must be a mapping (see docs/format.md)")
    import jsonschema  # on use: `ea --help` need not pay for it

    validator = jsonschema.Draft202012Validator(manifest_schema())
    problems = schema_problems(validator, data, MANIFEST, "manifest")
    if problems:
        raise RepositoryError("\n".join(p.text() for p in problems))
    folders = {**DEFAULT_FOLDERS, **(data.get("folders") or {})}
    rules = data.get("rules") or {}
    _refuse_paths_outside(data)
    _refuse_silencing_load_errors(rules)
    return Manifest(
        id=data["id"],
        name=data["name"],
        framework=data["framework"],
        languages=list(data.get("languages") or ["vi", "en"]),
        base_iri=data.get("base_iri") or f"https://example.org/ea/{data['id']}/",
        plateaus=data.get("plateaus") or "gap_analysis/plateaus.yaml",
        folders=folders,
        disabled_rules=list(rules.get("disable") or []),
        severity=dict(rules.get("severity") or {}),
        depends=_dependencies(data),
        raw=data,
    )
