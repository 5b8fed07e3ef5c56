"""files -> Model: read the manifest, the framework pack, the plateaus and every model file.

Loading never stops at the first bad file: what cannot be read becomes a Problem in
`Model.load_problems` and the rest of the repository is still loaded, so `ea validate` reports
everything at once.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import fastjsonschema
import jsonschema

from . import forked
from .cache import ParseCache, Parsed
from .framework import Framework, FrameworkError, load_framework, parse_reference_model
from .framework import resolve as resolve_framework
from .manifest import Manifest, RepositoryError, find_root, read_manifest
from .metamodel import metamodel
from .model import Element, Model, Plateau, Relationship, Viewpoint, named_ids
from .model_snapshot import Change, Earlier, Snapshot, gc_paused, input_name
from .problems import ERROR, Problem, printable
from .schema_build import part_schema, plateaus_schema, viewpoint_schema
from .schema_check import schema_problems
from .yamlload import Map, Seq, YamlError, as_list, load_file

YAML_SUFFIXES = (".yaml", ".yml")
# Bump when the model schema changes, so cached "this file passed the schema" marks are not trusted.
SCHEMA_VERSION = 1


def load(path: str | Path | None = None, texts: dict[str, str] | None = None, _chain: tuple[Path, ...] = (),
         snapshot: Snapshot | None = None) -> Model:
    """Load the repository at `path` (or the one containing the current directory). `texts` (repository-relative
    path -> text) replaces what is on disk for those files: an editor's unsaved buffers (`ea lsp`). `snapshot`: the
    slot of the repository's current state (`open_snapshot`), when the caller has just opened it."""
    root = find_root(path)
    # Editor buffers are not on disk, and a dependency is keyed into its dependent's snapshot: no snapshot of them.
    snap = snapshot or (open_snapshot(root) if texts is None and not _chain else None)
    model = snap.model() if snap else None
    if model is None:
        cache = ParseCache(root, texts)
        with gc_paused(freeze=True):
            earlier, unchanged = _unchanged_builds(root, snap) if snap else (None, {})
            model, builds = _load(root, cache, _chain, unchanged)
        if snap:
            change = _change(earlier, builds, set(unchanged)) if earlier else None
            snap.keep(model, lambda: _named(builds), then=cache.flush, change=change)  # off the critical path
        else:
            cache.flush()
    return model


def open_snapshot(root: Path) -> Snapshot | None:
    """The model snapshot slot of the repository's current state (ea_model/model_snapshot.py); None when
    EA_NO_CACHE is set."""
    return Snapshot.open(root, snapshot_inputs(root, read_manifest(root)))


def snapshot_inputs(root: Path, manifest: Manifest, seen: set[Path] | None = None) -> list[Path]:
    """Every file a load of `root` reads (or would read, were it there): what a snapshot is keyed by."""
    seen = seen if seen is not None else set()
    seen.add(root.resolve())
    inputs = [root / "ea.yaml", root / manifest.plateaus, *model_files(root, manifest),
              *yaml_files(root, root / manifest.folders["viewpoints"]), *_framework_files(root, manifest)]
    from .deps import snapshot_path

    for dep in manifest.depends:
        where = (root / dep.path).resolve() if dep.path else None
        if where is None:
            inputs.append(snapshot_path(root, dep.prefix))
        elif where not in seen and (where / "ea.yaml").is_file():
            try:
                inputs += snapshot_inputs(where, read_manifest(where), seen)
            except RepositoryError:
                inputs.append(where / "ea.yaml")
    return inputs


# Reading the last state's model costs about what parsing half of the repository's YAML does: past that much
# changed, the files are all read again instead.
REUSE_UP_TO = 0.5


def _unchanged_builds(root: Path, snap: Snapshot) -> tuple[tuple[Earlier, dict] | None, dict[str, FileBuild]]:
    """((the earlier state, its builds), the builds of the model files unchanged since: path -> FileBuild), when
    what a build depends on besides its file (ea's code, ea.yaml, the framework pack) did not change either and
    reading the earlier model is worth it; else (None, {})."""
    earlier = snap.earlier()
    if earlier is None:
        return None, {}
    now, then = snap.states, earlier.states
    manifest = read_manifest(root)
    # ea's own code ("") was compared by `earlier`; the state of this load has the others' already
    context = [input_name(root, path) for path in (root / "ea.yaml", *_framework_files(root, manifest))]
    if any(then.get(name) != now.get(name) for name in context):
        return None, {}
    files = [input_name(root, path) for path in model_files(root, manifest)]
    changed = [name for name in files if then.get(name) != now.get(name)]
    size = {name: now[name][0] if len(now.get(name, ())) == 3 else 0 for name in files}
    if not files or sum(size[name] for name in changed) > REUSE_UP_TO * sum(size.values()):
        return None, {}
    builds = earlier.parts()
    if not isinstance(builds, dict):
        return None, {}
    kept = set(files) - set(changed)
    return (earlier, builds), {name: build for name, build in builds.items() if name in kept}


def _named(builds: dict[str, FileBuild]) -> dict[str, FileBuild]:
    for build in builds.values():
        if build.names is None:
            build.names = frozenset().union(*map(named_ids, build.elements), *map(named_ids, build.relationships))
    return builds


def _change(earlier: tuple[Earlier, dict[str, FileBuild]], builds: dict[str, FileBuild], kept: set[str]) -> Change:
    """What differs from the earlier state: the model files changed, added or removed, and the ids their elements
    had or have; with a reference model among them, `ids` is None (every element's codes are to be checked)."""
    state, before = earlier
    files = (set(before) | set(builds)) - kept
    touched = [b for b in (*(before.get(f) for f in files), *(builds.get(f) for f in files)) if b is not None]
    ids = None if any(b.reference_model is not None for b in touched) else frozenset(
        element.id for b in touched for element in b.elements)
    names = {file: build.names for file, build in builds.items() if build.names is not None}
    return Change(state, frozenset(files), ids, names)


def _framework_files(root: Path, manifest: Manifest) -> list[Path]:
    with suppress(FrameworkError):  # the load reports it
        return sorted(p for p in resolve_framework(manifest.framework, root).rglob("*") if p.is_file())
    return []


def _load(root: Path, cache: ParseCache, _chain: tuple[Path, ...],
          unchanged: dict[str, FileBuild]) -> tuple[Model, dict[str, FileBuild]]:
    """The model, and what each model file added to it (to reuse those of `unchanged` files next time)."""
    manifest = read_manifest(root)
    try:
        framework = load_framework(manifest.framework, root)
    except FrameworkError as exc:
        raise RepositoryError(f"ea.yaml: framework: {exc}") from None
    model = Model(root=root, manifest=manifest, framework=framework)
    model.reference_models.update(framework.reference_models)
    _load_plateaus(model)
    builds = _build_files(model, model_files(root, manifest), cache, unchanged)
    _assemble(model, builds)
    _load_viewpoints(model, cache)
    _resolve_dependencies(model, (*_chain, root))
    return model, {build.rel: build for build in builds}


def _resolve_dependencies(model: Model, chain: tuple[Path, ...]) -> None:
    """Bring in the remote elements that `prefix:id` references name (ea_model/deps.py). A path dependency is
    loaded as it is on disk; a git or graph dependency from the snapshot `ea deps update` wrote. What cannot be
    read is a load problem at the dependency's line of ea.yaml; an id the dependency lacks stays unknown, for
    the unknown-reference rule to report where it is used."""
    from . import deps

    if not model.manifest.depends:
        return
    wanted: dict[str, set[str]] = {}
    for ref in deps.referenced_ids(model):
        split = deps.split_ref(ref)
        if split:
            wanted.setdefault(split[0], set()).add(split[1])
    for dep in model.manifest.depends:
        snap = _dependency_snapshot(model, dep, chain)
        if snap is None:
            continue
        model.dependencies[dep.prefix] = snap
        _add_external(model, dep.prefix, snap, wanted.get(dep.prefix, set()))


def _dependency_snapshot(model: Model, dep, chain: tuple[Path, ...]):
    from . import deps

    def problem(what: str, fix: str) -> None:
        model.load_problems.append(Problem("ea.yaml", dep.line, "EA100", ERROR,
                                           f"dependency '{dep.prefix}' ({dep.home}): {what}", fix))

    if dep.path:
        where = (model.root / dep.path).resolve()
        if where in chain:
            problem("depends on this repository again (a cycle)", "remove one of the `depends:` entries")
            return None
        if not (where / "ea.yaml").is_file():
            problem(f"no ea.yaml in {where}", "fix the path, relative to this ea.yaml")
            return None
        try:
            other = load(where, _chain=chain)
        except RepositoryError as exc:
            problem(f"cannot be loaded: {exc}", "fix that repository first")
            return None
        broken = [p for p in other.load_problems if p.severity == ERROR]
        if broken:  # what it could not read is missing from it: say so here, not only there
            problem(f"{len(broken)} problem(s) loading it, first {broken[0].text()}",
                    f"run `ea validate` in {dep.path}")
        return deps.snapshot_of(other, dep.path)
    try:
        return deps.read_snapshot(deps.snapshot_path(model.root, dep.prefix))
    except deps.SnapshotError as exc:
        problem(f"{exc} ({deps.CACHE_DIR}/{dep.prefix}.json)", "run `ea deps update` (it fetches once; validation "
                "then reads the local copy)")
        return None


def _add_external(model: Model, prefix: str, snap, wanted: set[str]) -> None:
    """The wanted remote elements, and the owners they name (an owner is a reference too)."""
    from .deps import external_element

    plateaus, kinds = set(model.plateaus), set(model.kinds)
    todo = sorted(wanted)
    while todo:
        rid = todo.pop()
        eid = f"{prefix}:{rid}"
        info = snap.elements.get(rid)
        if info is None or eid in model.elements:
            continue
        element = external_element(prefix, rid, info, snap, plateaus, kinds)
        model.elements[eid] = element
        if element.owner:
            todo.append(element.owner.split(":", 1)[1])


def model_files(root: Path, manifest: Manifest) -> list[Path]:
    files: set[Path] = set()
    for folder in manifest.folders["model"]:
        files.update(yaml_files(root, root / folder))
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())

LAYOUT_SUFFIX = ".layout.yaml"


def yaml_files(root: Path, base: Path) -> list[Path]:
    """The YAML files under `base`, sorted, hidden ones left out. Symlinks are listed too (even dangling
    ones), so that the loader can refuse those that lead outside the repository by name."""
    if not base.is_dir() or not inside(root, base):
        return []
    return sorted(p for p in base.rglob("*") if p.suffix in YAML_SUFFIXES and (p.is_file() or p.is_symlink())
                  and not _hidden(p.relative_to(root)))


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, symlinks resolved, is inside the repository `root` (a symlink within it is fine)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _refused(path: Path, root: Path, rel: str) -> Problem | None:
    """A load problem for a file `ea` must not read: one that leads outside the repository or is no regular
    file (a device, a FIFO). Its content is never read, so nothing of it can be echoed."""
    if not inside(root, path):
        return Problem(rel, 1, "EA001", ERROR, "file is a link to outside the repository: not read",
                       "model files must be inside the repository; copy the file in instead of linking it")
    if not path.is_file():
        return Problem(rel, 1, "EA001", ERROR, "not a regular file: not read", "replace it by a YAML file")
    return None


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


class _Validator:
    """jsonschema for the messages, fastjsonschema (compiled to Python) to pass valid data ~30x faster.

    Almost every item of a real repository is valid; only the invalid ones take the slow path that
    explains every error.
    """

    def __init__(self, schema: dict) -> None:
        self.schema = schema

    @cached_property
    def fast(self):
        # Compiled on first use: when the cache says every file passed this schema, it is never needed.
        return fastjsonschema.compile({**self.schema, "$schema": "http://json-schema.org/draft-07/schema#"})

    @cached_property
    def full(self):
        return jsonschema.Draft202012Validator(self.schema)

    def problems(self, instance, file: str, what: str, skip=()) -> list[Problem]:
        try:
            self.fast(instance)
            return []
        except fastjsonschema.JsonSchemaException:
            return schema_problems(self.full, instance, file, what, skip)


class _Skip:
    @staticmethod
    def problems(*args, **kwargs) -> list[Problem]:
        return []


_SKIPS = {"reference_model_file": _Skip()}  # the validators of a file whose exact content passed before


def _validators(framework: Framework) -> tuple[str, dict[str, _Validator]]:
    """(a key naming the schema, the validators). The schemas depend on the framework only through its
    kind names."""
    kinds = tuple(sorted(framework.kinds))
    return hashlib.blake2b(repr((SCHEMA_VERSION, kinds)).encode(), digest_size=8).hexdigest(), _compiled(kinds)


@cache
def _compiled(kinds: tuple[str, ...]) -> dict[str, _Validator]:
    return {part: _Validator(part_schema(part, kinds))
            for part in ("element", "relationship", "reference_model_file")}


def _load_plateaus(model: Model) -> None:
    rel = model.manifest.plateaus
    path = model.root / rel
    if path.is_symlink() or path.exists():
        refused = _refused(path, model.root, rel)
        if refused:
            model.load_problems.append(refused)
            return
    if not path.is_file():
        model.load_problems.append(Problem(
            "ea.yaml", model.manifest.raw.lines.get("plateaus", 1), "EA100", ERROR,
            f"plateaus file '{rel}' does not exist", "create it (see docs/format.md, 'Plateaus') or fix the path",
        ))
        return
    try:
        data = load_file(str(path), rel)
    except YamlError as exc:
        model.load_problems.append(Problem(exc.path, exc.line, exc.code, ERROR, exc.message, exc.hint))
        return
    model.files.append(rel)
    validator = jsonschema.Draft202012Validator(plateaus_schema())
    problems = schema_problems(validator, data, rel, "plateaus")
    model.load_problems.extend(problems)
    if problems:
        return
    for i, item in enumerate(data["plateaus"]):
        pid = item["id"]
        if pid in model.plateaus:
            model.load_problems.append(Problem(
                rel, item.line, "EA101", ERROR,
                f"duplicate plateau id '{pid}' (first at line {model.plateaus[pid].line})", "rename one of them",
            ))
            continue
        model.plateaus[pid] = Plateau(
            id=pid, name=item["name"], date=str(item["date"]), file=rel, line=item.line, order=i,
            sources=as_list(item.get("source")), notes=item.get("notes"),
        )


def _load_viewpoints(model: Model, cache: ParseCache) -> None:
    folder = model.root / model.manifest.folders["viewpoints"]
    validator = jsonschema.Draft202012Validator(viewpoint_schema())
    for path in yaml_files(model.root, folder):
        if path.name.endswith(LAYOUT_SUFFIX):  # a view's saved positions (ea render --save-layout), not a view
            continue
        rel = path.relative_to(model.root).as_posix()
        refused = _refused(path, model.root, rel)
        if refused:
            model.load_problems.append(refused)
            continue
        try:
            data = cache.load(path, rel).value
        except YamlError as exc:
            model.load_problems.append(Problem(exc.path, exc.line, exc.code, ERROR, exc.message, exc.hint))
            continue
        model.files.append(rel)
        if not isinstance(data, Map):
            model.load_problems.append(Problem(rel, 1, "EA100", ERROR, "a viewpoint file holds one view (a mapping)",
                                               "see docs/viewpoints.md"))
            continue
        problems = schema_problems(validator, data, rel, f"view '{printable(str(data.get('id', '?')), 60)}'")
        model.load_problems.extend(problems)
        if problems:
            continue
        if data["id"] in model.viewpoints:
            first = model.viewpoints[data["id"]]
            model.load_problems.append(Problem(rel, data.line, "EA101", ERROR,
                                               f"duplicate view id '{data['id']}' (first at {first.file}:{first.line})",
                                               "rename one of them"))
            continue
        model.viewpoints[data["id"]] = Viewpoint(
            id=data["id"], title=data["title"], file=rel, line=data.line, description=data.get("description"),
            select=data.get("select") or {}, clusters=list(data.get("clusters") or []),
            only_connected=bool(data.get("only_connected", False)), layout=data.get("layout"),
            relationships=data.get("relationships"),
            group_by=data.get("group_by", "layer"), direction=data.get("direction", "TB"),
            plateau=data.get("plateau"), style=dict(data.get("style") or {}),
            sources=as_list(data.get("source")), raw=data,
        )


@dataclass(slots=True)
class FileBuild:
    """What one model file adds to the model. A load keeps those of every file with its snapshot, and the next load
    builds again only those of the files that changed (`_unchanged_builds`)."""

    rel: str
    unread: Problem | None = None  # why the file could not be read; it adds nothing then
    digest: str | None = None  # of the bytes read
    elements: list[Element] = field(default_factory=list)  # in file order, those with an id defined before too
    relationships: list[Relationship] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # what building it found (shape, kind/type, its RM schema)
    reference_model: Map | None = None
    schema: list[Problem] = field(default_factory=list)  # the schema's findings about its elements and relationships
    # The ids its items name (model.named_ids), for `ea validate` after a change of them: found by the snapshot
    # writer (`_named`), off the critical path.
    names: frozenset[str] | None = None


def _read_model_file(root: Path, path: Path, cache: ParseCache) -> tuple[FileBuild, Parsed | None]:
    build = FileBuild(path.relative_to(root).as_posix())
    build.unread = _refused(path, root, build.rel)
    if build.unread:
        return build, None
    try:
        parsed = cache.load(path, build.rel)
    except YamlError as exc:
        build.unread = Problem(exc.path, exc.line, exc.code, ERROR, exc.message, exc.hint)
        return build, None
    build.digest = parsed.digest
    return build, parsed


# From this many elements and relationships, their schema checks run in a forked child while this process builds
# the model from the same values (ea_model/forked.py): ~2.5 s of CPU at 100,000 elements, its findings few.
PARALLEL_FROM = 20_000


def _build_files(model: Model, files: list[Path], cache: ParseCache,
                 unchanged: dict[str, FileBuild]) -> list[FileBuild]:
    """The build of every model file: those of `unchanged` files as they are, the others read and built, with the
    schema's findings. A file whose exact content passed this schema before is not checked again; a file with no
    finding is marked so in the parse cache."""
    builds: list[FileBuild] = []
    fresh: list[tuple[FileBuild, Parsed]] = []
    for path in files:
        build = unchanged.get(path.relative_to(model.root).as_posix())
        if build is None:
            build, parsed = _read_model_file(model.root, path, cache)
            if parsed is not None:
                fresh.append((build, parsed))
        builds.append(build)
    schema_key, validators = _validators(model.framework)
    unchecked = [(build, parsed) for build, parsed in fresh if schema_key not in parsed.schema_ok]

    def check() -> list[list[Problem]]:
        return [_schema_problems(parsed.value, build.rel, validators) for build, parsed in unchecked]

    size = sum(len(items) for _, parsed in unchecked for _, items in _lists(parsed.value))
    other = forked.start(check) if size >= PARALLEL_FROM else None
    for build, parsed in fresh:
        _read_model_data(model, build, parsed.value, validators if schema_key not in parsed.schema_ok else _SKIPS)
    found = other() if other is not None else None
    for (build, parsed), problems in zip(unchecked, found if found is not None else check(), strict=True):
        build.schema = problems
        if not build.problems and not problems:
            cache.mark_schema_ok(build.rel, parsed, schema_key)
    return builds


def _assemble(model: Model, builds: list[FileBuild]) -> None:
    """Add the files' builds to the model, in file order: the first element of an id wins, the later ones are
    duplicates. Problems come as a load of the files one by one would find them: what could not be read, then
    what building found, then the schema's findings."""
    for build in builds:
        if build.unread:
            model.load_problems.append(build.unread)
        else:
            model.files.append(build.rel)
            if build.digest:
                model.file_digests[build.rel] = build.digest
    elements, duplicates = model.elements, model.duplicates
    for build in builds:
        model.load_problems.extend(build.problems)
        for element in build.elements:
            first = elements.setdefault(element.id, element)
            if first is not element:
                duplicates.append((element, first))
        model.relationships.extend(build.relationships)
        if build.reference_model is not None:
            _add_reference_model(model, build.reference_model, build.rel)
    for build in builds:
        model.load_problems.extend(build.schema)


def _lists(data) -> list[tuple[str, Seq]]:
    return [(key, data[key]) for key in ("elements", "relationships")
            if isinstance(data, Map) and isinstance(data.get(key), Seq)]


def _items(data, rel: str, problems: list[Problem]):
    """(what, mapping) for each thing a model file defines: 'reference_model', 'element' or 'relationship'.
    What is not shaped like a model file goes to `problems`."""
    if isinstance(data, Map) and "reference_model" in data:
        yield "reference_model", data
        return
    if isinstance(data, Map) and "id" in data:
        yield "element", data
        return
    if data is None:
        return
    if not isinstance(data, Map) or not set(data) <= {"elements", "relationships"}:
        keys = ", ".join(sorted(map(str, data))) if isinstance(data, Map) else type(data).__name__
        problems.append(Problem(
            rel, getattr(data, "line", 1), "EA100", ERROR,
            f"not a model file (found {keys})",
            "a model file holds `elements:` and/or `relationships:` lists, one element with an `id`, "
            "or a `reference_model:`",
        ))
        return
    for key, what in (("elements", "element"), ("relationships", "relationship")):
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, Seq):
            problems.append(Problem(
                rel, data.lines[key], "EA100", ERROR, f"`{key}` must be a list", f"write `{key}:` items as `- ...`",
            ))
            continue
        for i, item in enumerate(items):
            if not isinstance(item, Map):
                problems.append(Problem(
                    rel, items.lines[i], "EA100", ERROR, f"{key} item {i + 1} is not a mapping",
                    "each item is a mapping of fields (`- id: ...`)",
                ))
                continue
            yield what, item


def _schema_problems(data, rel: str, validators: dict) -> list[Problem]:
    """The schema's findings about the elements and relationships of one file (a reference model is checked
    where it is added)."""
    found = []
    for what, item in _items(data, rel, []):
        if what == "element":
            name = f"element '{printable(str(item.get('id', '?')), 60)}'"
            found += validators["element"].problems(item, rel, name, skip={("type",), ("kind",)})
        elif what == "relationship":
            found += validators["relationship"].problems(item, rel, "relationship")
    return found


def _read_model_data(model: Model, build: FileBuild, data, validators: dict) -> None:
    rel = build.rel
    for what, item in _items(data, rel, build.problems):
        if what == "element":
            _add_element(model, build, item)
        elif what == "relationship":
            _add_relationship(build, item)
        else:
            problems = validators["reference_model_file"].problems(item, rel, "reference model")
            build.problems.extend(problems)
            if not problems:
                build.reference_model = item["reference_model"]


def _add_reference_model(model: Model, data: Map, rel: str) -> None:
    rm = parse_reference_model(data, "repository", rel)
    if rm.id in model.reference_models:
        other = model.reference_models[rm.id]
        model.load_problems.append(Problem(
            rel, data.line, "EA101", ERROR,
            f"duplicate reference model id '{rm.id}' (also in {other.file}:{other.line})", "rename one of them",
        ))
        return
    known = {code: cat for m in model.reference_models.values() for code, cat in m.categories.items()}
    for code, cat in rm.categories.items():
        if code in known:
            first = known[code]
            model.load_problems.append(Problem(
                rel, cat.line, "EA101", ERROR,
                f"duplicate reference-model code '{code}' (also in {first.file}:{first.line})",
                "codes are unique across all reference models: renumber one of them",
            ))
    model.reference_models[rm.id] = rm
    model.__dict__.pop("categories", None)


def _add_element(model: Model, build: FileBuild, data: Map) -> None:
    eid = data.get("id")
    if not isinstance(eid, str) or not isinstance(data.get("name"), dict | str):
        return  # too broken to be a node; the schema problems say why
    build.elements.append(_element(model, build, data, eid))
    _add_inline_relationships(build, data, eid)


def _type_and_layer(model: Model, build: FileBuild, data: Map, eid: str) -> tuple[str | None, str | None, str | None]:
    """(kind, ArchiMate type, layer) of an element: the kind implies the type; a contradicting `type:` is EA103."""
    kind_name, type_name = data.get("kind"), data.get("type")
    mm = metamodel()
    kind = model.kinds.get(kind_name) if isinstance(kind_name, str) else None
    if kind:
        if type_name and type_name != kind.type:
            build.problems.append(Problem(
                build.rel, data.lines.get("type", data.line), "EA103", ERROR,
                f"element '{eid}': kind '{kind_name}' is a {kind.type}, not a {type_name}",
                "remove `type:` (the kind implies it) or choose another kind",
            ))
        return kind_name, kind.type, kind.layer
    etype = type_name if type_name in mm.element_types else None
    layer = mm.element_types[etype].layer if etype else None
    return (kind_name if isinstance(kind_name, str) else None), etype, layer


def _mapping(value) -> dict:
    return dict(value) if isinstance(value, dict) else {}


def _strings(value) -> list[str]:
    return [str(v) for v in as_list(value)]


def _mappings(value) -> list[dict]:
    return [v for v in as_list(value) if isinstance(v, dict)]


def _element(model: Model, build: FileBuild, data: Map, eid: str) -> Element:
    kind, etype, layer = _type_and_layer(model, build, data, eid)
    name = data["name"] if isinstance(data["name"], dict) else {model.manifest.languages[0]: data["name"]}
    owner = data.get("owner")
    plateaus = data.get("plateaus")
    return Element(
        id=eid, type=etype, kind=kind, layer=layer, name=name, file=build.rel, at=(data, None),
        description=data.get("description"), notes=data.get("notes"), owner=owner if isinstance(owner, str) else None,
        rm=_strings(data.get("rm")), tags=_strings(data.get("tags")), properties=_mapping(data.get("properties")),
        plateaus=[str(p) for p in plateaus] if isinstance(plateaus, list) else None,
        changes=_mapping(data.get("changes")), history=_mappings(data.get("history")),
        replaces=_strings(data.get("replaces")), sources=_mappings(data.get("source")),
        inferred=data.get("inferred") is True, raw=data,
    )


def _add_inline_relationships(build: FileBuild, data: Map, eid: str) -> None:
    """`serves: [a, b]`, `accesses: [{to: db, access: read}]` ... written inside the element."""
    inline = metamodel().inline_keys
    add, rel = build.relationships.append, build.rel
    for key, value in data.items():
        rtype = inline.get(key)
        if rtype is None:
            continue
        if isinstance(value, str):
            add(Relationship(type=rtype, source=eid, target=value, file=rel, at=(data, key), inline=True))
            continue
        if not isinstance(value, Seq):
            continue
        for i, item in enumerate(value):
            if isinstance(item, str):
                add(Relationship(type=rtype, source=eid, target=item, file=rel, at=(value, i), inline=True))
            elif isinstance(item, Map) and isinstance(item.get("to"), str):
                add(_relationship(rtype, eid, item["to"], item, rel, (value, i), inline=True))


def _relationship(rtype: str, source: str, target: str, attrs: Map, file: str, at: tuple,
                  inline: bool) -> Relationship:
    return Relationship(
        type=rtype, source=source, target=target, file=file, at=at, id=attrs.get("id"),
        name=attrs.get("name"), access=attrs.get("access"), strength=attrs.get("strength"),
        directed=attrs.get("directed") is True,
        properties=_mapping(attrs.get("properties")),
        plateaus=[str(p) for p in attrs["plateaus"]] if isinstance(attrs.get("plateaus"), list) else None,
        sources=_mappings(attrs.get("source")),
        inferred=attrs.get("inferred") is True, inline=inline, raw=attrs,
    )


def _add_relationship(build: FileBuild, data: Map) -> None:
    rtype, source, target = data.get("type"), data.get("from"), data.get("to")
    if rtype in metamodel().relationship_types and isinstance(source, str) and isinstance(target, str):
        build.relationships.append(_relationship(rtype, source, target, data, build.rel, (data, None), inline=False))
