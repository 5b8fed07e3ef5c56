"""Generate the reference documentation from the code: `python -m ea_model.docs` writes docs/rules.md and
docs/kinds.md (tests check they are current)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from . import citations
from .framework import builtin_frameworks, load_framework
from .metamodel import metamodel
from .model import text_in
from .rules import all_rules

DOCS = Path(__file__).resolve().parent.parent / "docs"


def rules_markdown() -> str:
    rules = all_rules()
    out = [
        "# Validation rules",
        "",
        "Generated from `ea_model/rules/` by `make docs`; do not edit by hand.",
        "",
        "`ea validate` prints each finding as `file:line: CODE message (hint)`. Warnings fail only with",
        "`--strict`. Switch a rule off, or change its severity, in `ea.yaml`:",
        "",
        "```yaml",
        "rules:",
        "  disable: [EA108]",
        "  severity: {EA107: error}",
        "```",
        "",
        "After a change, `ea validate` runs again only where the change may alter a rule's findings: a rule whose",
        "findings are about single elements and relationships re-checks the files that changed (scope *item*) and",
        "those that name an element defined there (scope *references*); it takes the other files' findings from the",
        "last validation. The other rules look at the whole model every time.",
        "",
        "| code | name | severity | after a change |",
        "|---|---|---|---|",
        *[f"| [{r.CODE}](#{r.CODE.lower()}-{r.NAME}) | {r.NAME} | {r.SEVERITY} | {getattr(r, 'SCOPE', 'whole model')} |"
          for r in rules],
        "",
    ]
    for rule in rules:
        doc = inspect.cleandoc(rule.__doc__ or "")
        out += [f"## {rule.CODE} {rule.NAME}", "", f"Severity: **{rule.SEVERITY}**.", "", doc, ""]
    # Findings that need more than the model (the source texts), so `ea validate` does not report them.
    out += ["## EA300 citation-not-found (`ea sources --verify`)", "",
            f"Severity: **{citations.SEVERITY}**; reported by `ea sources --verify --texts DIR`, not by `ea validate`.",
            "", inspect.cleandoc(citations.__doc__ or ""), ""]
    return "\n".join(out)


def kinds_markdown() -> str:
    mm = metamodel()
    out = [
        "# Element types and kinds",
        "",
        "Generated from `ea_model/metamodel/` and `ea_model/frameworks/` by `make docs`; do not edit by hand.",
        "",
        "## ArchiMate 3.2 element types",
        "",
        "| type | layer | ArchiMate name |",
        "|---|---|---|",
        *[f"| `{t.name}` | {t.layer} | {t.archimate} |" for t in mm.element_types.values()],
        "",
        "## Relationships",
        "",
        "| relationship | inline key | ArchiMate name |",
        "|---|---|---|",
        *[f"| `{r.name}` | `{r.inline}` | {r.archimate} |" for r in mm.relationship_types.values()],
        "",
        f"The validity table allows {len(mm.allowed)} (relationship, source type, target type) triples; it is "
        "built from `ea_model/metamodel/relationships.yaml`.",
        "",
    ]
    for fw_id in builtin_frameworks():
        fw = load_framework(fw_id)
        out += [f"## Kinds of `{fw_id}`: {text_in(fw.name, 'en')}", "", "| kind | type | layer | name (vi) | "
                "required properties |", "|---|---|---|---|---|"]
        for kind in sorted(fw.kinds.values(), key=lambda k: (k.layer, k.name)):
            out.append(f"| `{kind.name}` | `{kind.type}` | {kind.layer} | {text_in(kind.label, 'vi')} | "
                       f"{', '.join(kind.required_properties)} |")
        out.append("")
    return "\n".join(out)


GENERATED = {"rules.md": rules_markdown, "kinds.md": kinds_markdown}


def main() -> int:
    for name, make in GENERATED.items():
        (DOCS / name).write_text(make(), encoding="utf-8")
        print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
