"""Reference docs are generated from the code and must be current; every rule documents itself."""

from ea_model.docs import DOCS, GENERATED
from ea_model.rules import all_rules


def test_generated_docs_are_current():
    for name, make in GENERATED.items():
        assert (DOCS / name).read_text(encoding="utf-8") == make(), f"docs/{name} is stale: run `make docs`"


def test_every_rule_documents_failing_and_passing_examples():
    codes = set()
    for rule in all_rules():
        assert rule.CODE.startswith("EA") and rule.CODE not in codes
        codes.add(rule.CODE)
        assert rule.SEVERITY in {"error", "warning"}
        assert "Failing" in rule.__doc__ and "Passing" in rule.__doc__, rule.__name__
