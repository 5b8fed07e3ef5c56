"""`ea gap`: the gap analysis between two plateaus or two commits, and the approval reports."""

from __future__ import annotations

import gc
import tempfile
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import click

from ..atomic import write_bytes
from ..metamodel import LAYERS, metamodel
from ..model import Model
from ..model_snapshot import gc_paused
from . import _common, _complete
from ._common import EaError, load_or_exit, progress, repo_option, summary, write_output
from ._lang import lang_option
from ._lang import language as chosen_language


@contextmanager
def _stage(text: str):
    """A spinner on a terminal while a long step runs (loading and validating 100,000 elements takes a while)."""
    with progress(text):
        yield


def _plateau(model: Model, pid: str | None, option: str, default: str | None = None) -> str:
    order = model.plateau_order()
    if not order:
        raise EaError(f"the model has no plateaus ({model.manifest.plateaus}): a gap analysis needs two") from None
    pid = pid or default or order[-1]
    if pid not in model.plateaus:
        from ..rules._suggest import did_you_mean

        hint = did_you_mean(pid, order, f"known: {', '.join(order)}")
        raise click.BadParameter(f"unknown plateau '{pid}' ({hint})", param_hint=option)
    return pid


def _check_scope(model: Model, kinds, rm_codes) -> None:
    from ..rules._suggest import did_you_mean

    known = set(model.kinds) | set(metamodel().element_types)
    for k in kinds:
        if k not in known:
            raise click.BadParameter(f"unknown kind '{k}' ({did_you_mean(k, known, 'see `ea kinds`')})",
                                     param_hint="--kind")
    for code in rm_codes:
        if code not in model.categories:
            hint = did_you_mean(code, model.categories, "see `ea kinds --rm`")
            raise click.BadParameter(f"unknown reference-model code '{code}' ({hint})", param_hint="--rm")


class _Sides:
    """Resolves --from/--to/--from-rev/--to-rev into two sides. Revisions are extracted once each into the
    temporary folder, and each model is validated once, however many reports use it."""

    def __init__(self, repo: Path | None, tmp: Path) -> None:
        self.repo, self.tmp = repo, tmp
        self._work: Model | None = None
        self._revisions: dict[str, tuple[Model, object]] = {}
        self._infos: dict[int, object] = {}

    def work(self) -> Model:
        if self._work is None:
            with _stage("loading the model"):
                self._work = load_or_exit(self.repo)
            gc.freeze()  # the model lives until exit: keep the collector from rescanning it (~2x on big models)
        return self._work

    def _root(self) -> Path:
        from ..manifest import RepositoryError, find_root

        try:
            return find_root(self.repo)
        except RepositoryError as exc:
            raise EaError(str(exc)) from None

    def _revision(self, root: Path, rev: str):
        from ..gap.revisions import RevisionError, load_revision, resolve

        try:
            commit = resolve(root, rev)
            if commit not in self._revisions:
                with _stage(f"reading the model at {rev}"):
                    self._revisions[commit] = load_revision(root, commit, self.tmp / commit)
                gc.freeze()
        except RevisionError as exc:
            raise EaError(str(exc)) from None
        return self._revisions[commit]

    def _info(self, model: Model, git=None):
        """A function giving the model's SideInfo: found meanwhile, while the sides are compared."""
        from ..gap import side_info_meanwhile

        if id(model) not in self._infos:
            # another side's thread ends first: validating a model without kept findings forks, which a process
            # running a thread does not (ea_model/forked.py)
            for pending in self._infos.values():
                pending()
            with _stage("validating the model"):
                wait = side_info_meanwhile(model, git)
            self._infos[id(model)] = cache(wait)
        return self._infos[id(model)]

    def resolve(self, from_plateau, to_plateau, from_rev, to_rev):
        from ..gap import Side

        if to_rev and not from_rev:
            raise click.UsageError("--to-rev needs --from-rev")
        if not from_rev:
            if not from_plateau or not to_plateau:
                raise click.UsageError("name two plateaus (--from P1 --to P2), or revisions (--from-rev REV)")
            model = self.work()
            p1, p2 = _plateau(model, from_plateau, "--from"), _plateau(model, to_plateau, "--to")
            order = model.plateau_order()
            if order.index(p1) >= order.index(p2):
                raise click.BadParameter(f"'{p1}' does not come before '{p2}' (plateaus by date: {', '.join(order)})",
                                         param_hint="--from/--to")
            info = self._info(model)
            return Side(model, p1), Side(model, p2), lambda: (info(), info())
        root = self._root() if to_rev else self.work().root
        m1, g1 = self._revision(root, from_rev)
        m2, g2 = self._revision(root, to_rev) if to_rev else (self.work(), None)
        p1 = _plateau(m1, from_plateau, "--from")
        p2 = _plateau(m2, to_plateau, "--to", default=p1 if p1 in m2.plateaus else None)
        i1, i2 = self._info(m1, g1), self._info(m2, g2)
        return Side(m1, p1, g1.commit), Side(m2, p2, g2.commit if g2 else None), lambda: (i1(), i2())


@click.command("gap")
@repo_option
@click.option("--from", "from_plateau", metavar="PLATEAU", help="Baseline plateau.", shell_complete=_complete.plateaus)
@click.option("--to", "to_plateau", metavar="PLATEAU", help="Target plateau.", shell_complete=_complete.plateaus)
@click.option("--from-rev", metavar="REV", help="Compare the model as committed at REV (read from git objects) ...")
@click.option("--to-rev", metavar="REV", help="... with the model at REV (default: the work tree).")
@click.option("--layer", "layers", multiple=True, type=click.Choice(LAYERS),
              help="Only this layer (repeatable; default: business, data, application, technology, security).")
@click.option("--kind", "kinds", multiple=True, help="Only elements of this kind or type (repeatable).")
@click.option("--rm", "rm_codes", multiple=True, metavar="CODE",
              help="Only elements classified under CODE (repeatable).")
@lang_option()
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "csv", "xlsx", "docx", "pdf"]), default=None,
              help="Output format (default: md; with --report, the formats of the definition).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (default: standard output); with --report, the output folder.")
@click.option("--date", "report_date", metavar="YYYY-MM-DD",
              help="Report date, for overdue work packages (default: the date of the model's last commit).")
@click.option("--report", "report_ids", multiple=True, metavar="ID", shell_complete=_complete.reports,
              help="Write the report defined in gap_analysis/reports/ID.yaml, in its languages and formats.")
@click.option("--all-reports", is_flag=True, help="Write every report defined in gap_analysis/reports/.")
def command(repo, from_plateau, to_plateau, from_rev, to_rev, layers, kinds, rm_codes, lang, fmt, out, report_date,
            report_ids, all_reports) -> None:
    """The gap analysis --from P1 --to P2 (plateaus) or --from-rev REV1 [--to-rev REV2] (commits):
    included / changed / new / eliminated per layer, the work packages closing each gap, reference-model
    coverage; or the approval reports defined in gap_analysis/reports/ (--report ID, --all-reports).

    \b
    Examples:
      ea gap --from baseline-2022 --to target-2030 --format html --out gap.html
      ea gap --from-rev v2.0 --kind data-centre --lang en      # what changed since the approved version
      ea gap --all-reports                                    # the reports kept for approval
    """
    from ..gap.report import valid_date

    if report_date and not valid_date(report_date):
        raise click.BadParameter(f"'{report_date}' is not a date (YYYY-MM-DD)", param_hint="--date")
    # The analysis of a big model makes millions of small objects that live until the report is written (gaps,
    # rows, the report's dicts): the cyclic collector would rescan them again and again (a third of the time of
    # `ea gap` at 100,000 elements) to find nothing to free. The command exits right after: as the `ea` program
    # (`cli.run`), what it made is then frozen and kept (`_keep`), for the operating system to free.
    program = _common.KEPT is not None
    with tempfile.TemporaryDirectory(prefix="ea-gap-") as tmp, gc_paused(freeze=program):
        sides = _Sides(repo, Path(tmp))
        if report_ids or all_reports:
            if from_plateau or to_plateau or from_rev or to_rev or layers or kinds or rm_codes:
                raise click.UsageError("--report takes its plateaus and scope from the definition")
            _reports(sides, report_ids, all_reports, lang, fmt, out, report_date)
        else:
            _adhoc(sides, from_plateau, to_plateau, from_rev, to_rev, layers, kinds, rm_codes, lang, fmt or "md",
                   out, report_date)


def _adhoc(sides, from_plateau, to_plateau, from_rev, to_rev, layers, kinds, rm_codes, lang, fmt, out, report_date):
    from ..gap import Scope, analyse

    before, after, infos = sides.resolve(from_plateau, to_plateau, from_rev, to_rev)
    _check_scope(after.model, kinds, rm_codes)
    if fmt in ("xlsx", "docx", "pdf") and out is None:
        raise click.UsageError(f"{fmt} is a binary format: give --out FILE")
    lang = chosen_language(after.model, lang)
    with _stage("comparing"):
        analysis = analyse(before, after, Scope(tuple(layers), tuple(kinds), tuple(rm_codes)), report_date,
                           infos=infos)
    with _stage(f"writing {fmt}"):
        data = _render(analysis, fmt, lang)
    write_output(data, out)
    if out is not None and str(out) != "-":
        click.echo(str(out))
    _summary(analysis.result())
    _keep(analysis)


def _reports(sides, report_ids, all_reports, lang, fmt, out, report_date):
    from ..gap import analyse
    from ..gap.report import DefinitionError, definitions

    model = sides.work()
    try:
        defs = definitions(model.root, model.manifest.folders["gap_analysis"])
    except DefinitionError as exc:
        raise EaError(str(exc)) from None
    folder = model.root / model.manifest.folders["gap_analysis"] / "reports"
    if not defs:
        raise EaError(f"no report definitions in {folder} (see docs/gap.md)") from None
    chosen = sorted(defs) if all_reports else list(report_ids)
    for rid in chosen:
        if rid not in defs:
            raise click.BadParameter(f"unknown report '{rid}' (known: {', '.join(sorted(defs))})",
                                     param_hint="--report")
    out_dir = out or folder
    written = 0
    for rid in chosen:
        d = defs[rid]
        before, after, infos = sides.resolve(d.from_plateau, d.to_plateau, d.from_rev, d.to_rev)
        _check_scope(after.model, d.scope.kinds, d.scope.rm)
        analysis = analyse(before, after, d.scope, report_date or d.date, definition=d, infos=infos)
        languages = [chosen_language(model, lang)] if lang else (d.languages or model.manifest.languages)
        for language in languages:
            for f in [fmt] if fmt else d.formats:
                path = out_dir / f"{d.id}.{language}.{f}"
                with _stage(f"writing {path.name}"):
                    write_bytes(path, _render(analysis, f, language, model))
                click.echo(str(path))
                written += 1
        _summary(analysis.result(), prefix=f"{rid}: ")
        _keep(analysis)
    summary(f"wrote {written} file(s) into {out_dir}")


def _keep(analysis) -> None:
    """As the `ea` program, the analysis is left for the operating system to free at exit (`cli.run`), as the
    model is: freed object by object, the gaps, rows and report of 100,000 elements take 0.2 s."""
    if _common.KEPT is not None:
        _common.KEPT.append(analysis)


def _render(analysis, fmt: str, lang: str, model: Model | None = None) -> bytes:
    """md/html/json/csv/xlsx from the gap package; docx/pdf laid out by the document writer, with the recorded
    approvals of the report (`ea approve`) in its approval block."""
    if fmt not in ("docx", "pdf"):
        return analysis.render(fmt, lang)
    from ..document.gap_report import render_report

    recorded = []
    if model is not None and analysis.definition is not None:
        from ..gap.approvals import for_report

        recorded = for_report(model.root, model.manifest.folders["gap_analysis"], analysis.definition.id)
    return render_report(analysis, lang, fmt, recorded)


def _summary(report, prefix: str = "") -> None:
    """The closing lines, from the report's data (`gap.result.Report`): its JSON form is not needed for them."""
    for side in (report.from_, report.to) if not report.same_model else (report.to,):
        errors = side.model.errors
        if errors:
            rev = side.revision
            where = f"the model at {rev[:10]}" if rev else "the model"
            click.echo(f"warning: {where} has {errors} validation error(s): the analysis may be incomplete "
                       "(see `ea validate`)", err=True)
    t = report.summary.total
    wp = report.summary.work_packages
    summary(
        f"{prefix}gap {report.from_.plateau} → {report.to.plateau}: {t.included} included, "
        f"{t.changed} changed, {t.new} new, {t.eliminated} eliminated ({t.unintended} unintended?); "
        f"{t.without_work_package} gap(s) without work package; {wp.count} work package(s), "
        f"{wp.overdue} overdue")
