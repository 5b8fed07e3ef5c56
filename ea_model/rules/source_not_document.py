"""`source.doc` must name a document: an element of kind legal-document (or type representation).

Provenance is validated, not free text: the cited document is itself an element with its number, date
and issuer.

Failing:

    source: {doc: org-it-center, line: 12}

`EA111 source cites 'org-it-center', which is a organisation-unit, not a document`

Passing: `source: {doc: doc-2358-qd-bhxh, section: "VI.2.1", line: 588}`.
"""

from ..problems import Problem
from ._scope import REFERENCES, subjects
from .unknown_reference import _cited

CODE = "EA111"
NAME = "source-not-document"
SEVERITY = "error"
SCOPE = REFERENCES
DOCUMENT_KINDS = {"legal-document"}
# Without a legal-document kind (another framework, an imported model) these types can stand for documents.
DOCUMENT_TYPES = {"representation", "business-object", "contract", "driver", "constraint"}


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for item, sources in _cited(model, elements, relationships):
        for src in sources:
            doc = model.elements.get(src.get("doc")) if isinstance(src.get("doc"), str) else None
            if doc and not (doc.kind in DOCUMENT_KINDS or (doc.kind not in model.kinds and doc.type in DOCUMENT_TYPES)):
                yield Problem(
                    item.file, getattr(src, "line", item.line), CODE, SEVERITY,
                    f"source cites '{doc.id}', which is a {doc.kind or doc.type}, not a document",
                    "cite a legal-document element (add one for the document if it is missing)",
                )
