"""A finding: where it is, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    code: str
    severity: str
    message: str
    hint: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}: {self.code} {self.message}{hint}"
