"""GitHub Actions workflow commands, shown as annotations on the pull request's files."""

from ..problems import ERROR


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def render(problems) -> str:
    lines = []
    for p in problems:
        level = "error" if p.severity == ERROR else "warning"
        message = f"{p.message} ({p.hint})" if p.hint else p.message
        lines.append(
            f"::{level} file={_escape_property(p.file)},line={p.line},title={p.code}::{_escape(message)}"
        )
    return "\n".join(lines)
