"""`ea install-git` and `ea merge-driver`: git configuration and the driver git calls for `merge=ea` files."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from ..atomic import write_text
from ..errors import EaError
from .merge import NotMergeable, merge_texts

ATTRIBUTES_LINE = "*.yaml merge=ea"
DRIVER_NAME = "ea: three-way merge of the model by element id and field"


def driver_command() -> str:
    """How git should start the driver: the running `ea` script when there is one (a virtualenv need not be
    activated for git to find it), else this Python with `-m ea_model`."""
    script = Path(sys.argv[0])
    if script.name == "ea" and script.is_file():
        return f"{shlex.quote(str(script.resolve()))} merge-driver %O %A %B %P"
    return f"{shlex.quote(sys.executable)} -m ea_model merge-driver %O %A %B %P"


def install(root: Path, command: str | None = None) -> list[str]:
    """Register the merge driver in the repository's git config and `*.yaml merge=ea` in .gitattributes.
    Returns what was done, one line each. Idempotent."""
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        raise EaError(f"{root}: not in a git repository (run `git init` first)") from None
    command = command or driver_command()
    for key, value in (("merge.ea.name", DRIVER_NAME), ("merge.ea.driver", command)):
        subprocess.run(["git", "-C", top, "config", "--local", key, value], check=True, timeout=30)
    done = [f"git config merge.ea.driver: {command}"]
    attributes = Path(top) / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.is_file() else ""
    if ATTRIBUTES_LINE not in text.splitlines():
        write_text(attributes, text + ("" if not text or text.endswith("\n") else "\n") + ATTRIBUTES_LINE + "\n")
        done.append(f".gitattributes: added '{ATTRIBUTES_LINE}' (commit it so that every clone merges by element)")
    else:
        done.append(".gitattributes: already has the line")
    return done


def run_driver(base: Path, ours: Path, theirs: Path, path: str) -> tuple[int, list[str]]:
    """Git's merge driver contract: merge into `ours` (%A), exit 0 when clean, non-zero on conflicts."""
    texts = [p.read_text(encoding="utf-8") for p in (base, ours, theirs)]
    try:
        result = merge_texts(*texts, path=path)
    except NotMergeable as exc:
        # Not a YAML mapping: git's own line merge, with conflict markers, as without the driver.
        code = subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base),
                               str(theirs)], check=False, timeout=120).returncode
        return (1 if code else 0), [f"{exc}: merged by lines"]
    write_text(ours, result.text)
    return (1 if result.conflicts else 0), [f"{path}: CONFLICT (ea merge): {c}" for c in result.conflicts]
