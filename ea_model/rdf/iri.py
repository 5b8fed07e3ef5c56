"""Stable IRIs for everything the RDF export names, from the manifest's `base_iri` and the ids.

Any id is safe: every character outside the URI "unreserved" set (`A-Z a-z 0-9 - . _ ~`) is
percent-encoded from its UTF-8 bytes, so spaces, Vietnamese letters, `/`, `#`, `%` and `?` never reach an IRI
raw, and the result is a plain URI that every RDF tool accepts. Because an encoded id never holds a raw
`/`, the shapes below cannot collide:

| IRI | names |
|---|---|
| `{base}{id}` | an element |
| `{base}{id}/{source,history,change}/{n or plateau}` | an element's source citation, former name, per-plateau change |
| `{base}{source-id}/{relationship-type}/{target-id}` | a relationship without an id (`;2`, `;3` ... for repeats) |
| `{base}relationship/{id}` | a relationship with an id |
| `{base}plateau/{id}` | a plateau |
| `{base}scheme/{id}` / `{base}rm/{code}` | a reference model (skos:ConceptScheme) / one of its codes (skos:Concept) |
| `{base}kind/{name}` | a kind of a custom framework pack (built-in kinds are classes of the ontology) |
| `{parent}/source/{n}` | a source citation of any of these |
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote

from ..errors import EaError

# Characters that may not appear raw in an IRI (RFC 3987), nor in N-Triples' IRIREF.
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class IriError(EaError):
    pass


def check_base(base: str) -> str:
    """`base` if it is an absolute IRI that ids can be appended to; IriError otherwise."""
    if not _SCHEME.match(base or ""):
        raise IriError(f"base_iri '{base}' is not an absolute IRI (write e.g. https://example.org/ea/agency/)")
    bad = _BAD_IRI_CHARS.search(base)
    if bad:
        raise IriError(f"base_iri '{base}' holds {bad.group()!r}, which an IRI may not hold: percent-encode it")
    if not base.endswith(("/", "#")):
        raise IriError(f"base_iri '{base}' must end with '/' or '#' so that ids can be appended")
    if base.count("#") > 1:
        raise IriError(f"base_iri '{base}' holds more than one '#'")
    return base


@lru_cache(maxsize=1 << 18, typed=True)  # an id is encoded once per triple naming it: a few times each
def encode(text: str) -> str:
    """One path segment: `text` percent-encoded (UTF-8), never `.` or `..` (which IRI resolution removes),
    never ending in `.`: a Turtle writer must escape a final dot of a prefixed name (`:a.\\.`), which
    rdflib cannot read."""
    enc = quote(str(text), safe="")
    if enc in (".", ".."):
        return enc.replace(".", "%2E")
    return enc[:-1] + "%2E" if enc.endswith(".") else enc


def decode(segment: str) -> str:
    return unquote(segment, errors="strict")


class Iris:
    """The IRIs of one repository."""

    def __init__(self, base: str, remotes: dict[str, str] | None = None) -> None:
        self.base = check_base(base)
        # `depends:` prefix -> the dependency's base IRI: `nat:ext-ndxp` is the element of the national
        # repository, the same IRI its own export gives it, so that published graphs join in one store.
        self.remotes = {prefix: check_base(b) for prefix, b in (remotes or {}).items()}

    def element(self, eid: str) -> str:
        if self.remotes and ":" in eid:
            prefix, _, rid = eid.partition(":")
            remote = self.remotes.get(prefix)
            if remote:
                return remote + encode(rid)
        return self.base + encode(eid)

    def element_id(self, iri: str) -> str | None:
        """The id of the element `iri` names, or None when it is not an element IRI of this base."""
        if not iri.startswith(self.base):
            return None
        rest = iri[len(self.base):]
        if not rest or "/" in rest or "#" in rest:
            return None
        try:
            return decode(rest)
        except UnicodeDecodeError:  # `%FF`: no export writes it
            return None

    def plateau(self, pid: str) -> str:
        return f"{self.base}plateau/{encode(pid)}"

    def scheme(self, rm_id: str) -> str:
        return f"{self.base}scheme/{encode(rm_id)}"

    def concept(self, code: str) -> str:
        return f"{self.base}rm/{encode(code)}"

    def kind(self, name: str) -> str:
        return f"{self.base}kind/{encode(name)}"

    def relationship(self, rtype: str, source: str, target: str, rid: str | None, repeat: int = 1) -> str:
        iri = (f"{self.base}relationship/{encode(rid)}" if rid
               else f"{self.element(source)}/{encode(rtype)}/{encode(target)}")
        return iri if repeat == 1 else f"{iri};{repeat}"

    @staticmethod
    def sub(parent: str, what: str, key: str | int) -> str:
        """A resource that belongs to `parent`: its n-th source, history entry, its change in a plateau."""
        return f"{parent}/{what}/{encode(str(key))}"
