"""Framework packs: VNEAF kinds (specialisations of ArchiMate types) and reference-model taxonomies.

A pack is a folder with `framework.yaml`; the built-in ones are in `ea_model/frameworks/`, a
repository may name its own folder instead. A pack may `extends` another and override its kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import EaError
from .metamodel import metamodel
from .schema_build import framework_schema
from .schema_check import schema_problems
from .yamlload import Map, Seq, YamlError, load_file

BUILTIN_DIR = Path(__file__).parent / "frameworks"


@dataclass(frozen=True)
class Kind:
    name: str
    type: str
    layer: str
    label: dict
    required_properties: tuple[str, ...] = ()


@dataclass
class Category:
    """One code of a reference model."""

    code: str
    name: dict
    model: str  # reference model id
    parent: str | None
    level: int
    inferred: bool = False
    provisional: bool = False
    description: dict | str | None = None
    source: list = field(default_factory=list)
    file: str = ""
    line: int = 0


@dataclass
class ReferenceModel:
    id: str
    name: dict
    kind: str  # BRM, DRM, ARM, TRM, SRM (or PRM/IRM)
    origin: str  # "framework" or "repository"
    categories: dict[str, Category] = field(default_factory=dict)
    file: str = ""
    line: int = 0


@dataclass(eq=False)  # hashed by identity: validators are cached per loaded pack
class Framework:
    id: str
    name: dict
    kinds: dict[str, Kind]
    reference_models: dict[str, ReferenceModel]
    path: Path


class FrameworkError(EaError):
    pass


def builtin_frameworks() -> list[str]:
    return sorted(p.name for p in BUILTIN_DIR.iterdir() if (p / "framework.yaml").is_file())


def resolve(name: str, root: Path | None = None) -> Path:
    """The folder of pack `name`: a built-in id, or a path relative to the repository root."""
    if (BUILTIN_DIR / name / "framework.yaml").is_file():
        return BUILTIN_DIR / name
    if root is not None and (root / name / "framework.yaml").is_file():
        folder = (root / name).resolve()
        if not folder.is_relative_to(root.resolve()):
            raise FrameworkError(f"framework '{name}' is outside the repository: copy the pack into it")
        return folder
    raise FrameworkError(
        f"unknown framework '{name}': use one of {', '.join(builtin_frameworks())} "
        "or the path of a folder holding framework.yaml"
    )


def parse_reference_model(data: Map, origin: str, file: str) -> ReferenceModel:
    rm = ReferenceModel(
        id=str(data["id"]), name=data.get("name") or {}, kind=str(data.get("kind", data["id"])),
        origin=origin, file=file, line=getattr(data, "line", 0),
    )

    def walk(items: Seq, parent: str | None, level: int) -> None:
        for i, item in enumerate(items or []):
            code = str(item["code"])
            line = item.line if isinstance(item, Map) else (items.lines[i] if isinstance(items, Seq) else 0)
            source = item.get("source") or []
            rm.categories[code] = Category(
                code=code, name=item.get("name") or {}, model=rm.id, parent=parent, level=level,
                inferred=bool(item.get("inferred", False)), provisional=bool(item.get("provisional", False)),
                description=item.get("description"),
                source=list(source) if isinstance(source, list) else [source], file=file, line=line,
            )
            walk(item.get("children"), code, level + 1)

    walk(data.get("categories"), None, 1)
    return rm


def load_framework(name: str, root: Path | None = None, _seen: tuple[str, ...] = ()) -> Framework:
    path = resolve(name, root)
    if str(path) in _seen:
        raise FrameworkError(f"framework '{name}' extends itself")
    try:
        data = load_file(str(path / "framework.yaml"))
    except YamlError as exc:
        raise FrameworkError(f"{exc} ({exc.hint})") from None
    import jsonschema  # on use: `ea --help` need not pay for it

    problems = schema_problems(jsonschema.Draft202012Validator(framework_schema()), data or {},
                               str(path / "framework.yaml"), "framework")
    if problems:
        raise FrameworkError("; ".join(p.text() for p in problems))
    base = (
        load_framework(data["extends"], root, (*_seen, str(path)))
        if data.get("extends")
        else Framework("", {}, {}, {}, path)
    )
    mm = metamodel()
    kinds = dict(base.kinds)
    for kname, spec in (data.get("kinds") or {}).items():
        if spec.get("type") not in mm.element_types:
            raise FrameworkError(f"{path}/framework.yaml: kind '{kname}' maps to unknown type {spec.get('type')}")
        layer = spec.get("layer") or mm.element_types[spec["type"]].layer
        kinds[kname] = Kind(
            name=kname, type=spec["type"], layer=layer, label=spec.get("name") or {},
            required_properties=tuple(spec.get("required_properties") or ()),
        )
    rms = dict(base.reference_models)
    for rm_data in data.get("reference_models") or []:
        rm = parse_reference_model(rm_data, "framework", str(path / "framework.yaml"))
        rms[rm.id] = rm
    return Framework(str(data.get("id", name)), data.get("name") or {}, kinds, rms, path)
