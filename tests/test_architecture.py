"""The shape of the code: import layers without cycles (import-linter contracts in pyproject.toml), every
rule and formatter module registered, and no function too complex to read (radon)."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

from radon.complexity import cc_visit

import ea_model
from ea_model import formatters, rules

REPO_ROOT = Path(__file__).resolve().parent.parent
MAX_COMPLEXITY = 25


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency (pip install -e '.[test]')"
    result = subprocess.run([lint, "--no-cache"], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_every_rule_module_is_registered():
    on_disk = {info.name for info in pkgutil.iter_modules(rules.__path__) if not info.name.startswith("_")}
    assert on_disk == {m.__name__.rsplit(".", 1)[1] for m in rules.RULES}
    codes = [m.CODE for m in rules.all_rules()]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)


def test_every_formatter_module_is_registered():
    on_disk = {info.name for info in pkgutil.iter_modules(formatters.__path__)}
    assert on_disk == set(formatters.FORMATTERS)


def test_no_function_above_the_complexity_bound():
    too_complex = []
    for path in sorted(Path(ea_model.__file__).parent.rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > MAX_COMPLEXITY:
                too_complex.append(f"{path.relative_to(REPO_ROOT)}:{block.lineno} {block.name} {block.complexity}")
    assert not too_complex, "split these functions:\n" + "\n".join(too_complex)
