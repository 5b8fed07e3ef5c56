"""`file:line: CODE message (hint)`, one finding per line, then a summary."""

from ..problems import ERROR


def render(problems) -> str:
    lines = [p.text() if p.severity == ERROR else p.text().replace(f" {p.code} ", f" {p.code} warning: ", 1)
             for p in problems]
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)" if problems else "no problems found")
    return "\n".join(lines)
