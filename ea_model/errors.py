"""One error path: every failure a user's input or environment can cause is an `EaError`.

The CLI turns it into one line on stderr, `error: <message>`, and exit code 2 (usage or I/O error); no
command prints its own errors. Subclasses that report findings rather than bad usage set `exit_code = 1`.
"""

from __future__ import annotations

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class EaError(click.ClickException):
    """Something the user can fix; the message says what is wrong and how to fix it."""

    exit_code = EXIT_USAGE

    # Subclasses keep their own `message` field (the text without file:line), so the full text is args[0].
    def format_message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return self.format_message()

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


def os_error(exc: OSError) -> EaError:
    """An OSError as one line naming the path and the operating system's reason (disk full, read-only, ...)."""
    where = f"{exc.filename}: " if exc.filename else ""
    return EaError(f"{where}{exc.strerror or exc}")
