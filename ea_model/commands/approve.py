"""`ea approve`: record the approval of a gap report against the exact model commit it approves."""

from __future__ import annotations

import click

from . import _complete
from ._common import load_or_exit, repo_option


def _valid_date(value: str) -> str:
    from ..gap.report import valid_date

    if not valid_date(value):
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint="--date")
    return value


@click.command("approve")
@repo_option
@click.argument("report", shell_complete=_complete.reports)
@click.option("--decision", required=True, help="Number of the approving decision, e.g. 2358/QĐ-BHXH.")
@click.option("--date", "date", required=True, metavar="YYYY-MM-DD", help="Date of the decision.")
@click.option("--by", "by", required=True, help="Who signed it (name and title, or the title alone).")
@click.option("--note", default=None, help="Anything the next reader must know about this approval.")
def command(repo, report, decision, date, by, note) -> None:
    """Record the approval of REPORT (a gap report id) in gap_analysis/approvals/: the decision, its date and
    signer, the report's content hash and the model commit, so `ea approvals verify` can tell later whether
    the model still says what was approved. The model must be committed.

    \b
    Example:
      ea approve baseline-2022-target-2030 --decision "2358/QĐ-BHXH" --date 2022-09-19 --by "KT. Tổng Giám đốc"
    """
    from ..gap.approvals import approve

    _valid_date(date)
    model = load_or_exit(repo)
    path, record = approve(model, report, decision.strip(), date, by.strip(), note)
    click.echo(str(path))
    click.echo(f"approved {record.report}: {record.decision} ({record.date}), report {record.content_hash[:12]}, "
               f"model {record.model_commit[:10]}", err=True)
