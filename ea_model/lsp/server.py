"""The language server: pygls over stdio, the model loaded once and reloaded (with the editor's unsaved
buffers) a short pause after the last keystroke. The parse cache makes a reload cheap: only the edited file
is parsed again; findings are then published for the edited file and for every file whose findings changed
(the files that refer to what was edited)."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..errors import EaError
from ..model import Model
from . import index

DEBOUNCE_SECONDS = 0.25
_KINDS = {"element": types.CompletionItemKind.Reference, "kind": types.CompletionItemKind.Class,
          "type": types.CompletionItemKind.Class, "plateau": types.CompletionItemKind.EnumMember,
          "rm": types.CompletionItemKind.Enum, "doc": types.CompletionItemKind.File}
log = logging.getLogger(__name__)


class EaServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("ea", __version__)
        self.root: Path | None = None
        self.model: Model | None = None
        self.published: dict[str, list] = {}  # rel -> findings last published
        self.pending: asyncio.Task | None = None
        self.last_validation: float = 0.0  # seconds the last reload and validation took

    # -- the model --------------------------------------------------------------------------------------

    def texts(self) -> dict[str, str]:
        """Unsaved buffers of the open documents, by repository-relative path."""
        result = {}
        for uri, doc in self.workspace.text_documents.items():
            rel = self.rel(uri)
            if rel:
                result[rel] = doc.source
        return result

    def rel(self, uri: str) -> str | None:
        path = to_fs_path(uri)
        return index.relative(self.root, path) if (self.root and path) else None

    def uri(self, rel: str) -> str:
        return from_fs_path(str(self.root / rel))

    def reload(self) -> list:
        from ..loader import load
        from ..validation import validate

        started = time.perf_counter()
        model = load(self.root, self.texts())
        problems = validate(model)
        self.model = model
        self.last_validation = time.perf_counter() - started
        return problems

    def publish(self, problems: list, changed: str | None) -> None:
        by_file: dict[str, list] = {}
        for problem in problems:
            by_file.setdefault(problem.file, []).append(problem)
        files = set(by_file) | set(self.published)
        for rel in sorted(files):
            now = by_file.get(rel, [])
            if rel != changed and _keys(now) == _keys(self.published.get(rel, [])):
                continue  # unchanged findings: nothing to send
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=self.uri(rel), diagnostics=[_diagnostic(p) for p in now]))
        self.published = by_file

    async def validate_later(self, changed: str | None) -> None:
        """Debounced: a new keystroke cancels the pending run."""
        if self.pending and not self.pending.done():
            self.pending.cancel()
        self.pending = asyncio.ensure_future(self._validate(changed))

    async def _validate(self, changed: str | None) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        try:
            problems = await asyncio.get_running_loop().run_in_executor(None, self.reload)
        except EaError as exc:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, str(exc)))
            return
        self.publish(problems, changed)


def _keys(problems: list) -> list:
    return sorted((p.line, p.code, p.message) for p in problems)


def _diagnostic(problem) -> types.Diagnostic:
    line = max(problem.line - 1, 0)
    severity = types.DiagnosticSeverity.Error if problem.severity == "error" else types.DiagnosticSeverity.Warning
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return types.Diagnostic(range=types.Range(types.Position(line, 0), types.Position(line, 1000)),
                            message=message, severity=severity, code=problem.code, source="ea")


server = EaServer()


@server.feature(types.INITIALIZED)
async def _initialized(ls: EaServer, params) -> None:
    from ..manifest import find_root

    folder = ls.workspace.root_path or "."
    try:
        ls.root = find_root(folder)
    except EaError as exc:
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Warning, f"ea: {exc}"))
        return
    await ls.validate_later(None)


def _ready(ls: EaServer) -> bool:
    if ls.model is None and ls.root is not None:
        try:
            ls.reload()
        except EaError:
            return False
    return ls.model is not None


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def _did_open(ls: EaServer, params: types.DidOpenTextDocumentParams) -> None:
    await ls.validate_later(ls.rel(params.text_document.uri))


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def _did_change(ls: EaServer, params: types.DidChangeTextDocumentParams) -> None:
    await ls.validate_later(ls.rel(params.text_document.uri))


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def _did_save(ls: EaServer, params: types.DidSaveTextDocumentParams) -> None:
    await ls.validate_later(ls.rel(params.text_document.uri))


def _lines(ls: EaServer, uri: str) -> list[str]:
    return ls.workspace.get_text_document(uri).source.splitlines() or [""]


def _word(ls: EaServer, params) -> str:
    lines = _lines(ls, params.text_document.uri)
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    return index.word_at(line, params.position.character)[0]


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
def _completion(ls: EaServer, params: types.CompletionParams) -> types.CompletionList:
    if not _ready(ls):
        return types.CompletionList(is_incomplete=False, items=[])
    lines = _lines(ls, params.text_document.uri)
    items = index.completions(ls.model, lines, params.position.line, params.position.character)
    return types.CompletionList(is_incomplete=False, items=[
        types.CompletionItem(label=i.label, detail=i.detail, kind=_KINDS[i.kind], filter_text=f"{i.label} {i.detail}")
        for i in items])


@server.feature(types.TEXT_DOCUMENT_HOVER)
def _hover(ls: EaServer, params: types.HoverParams) -> types.Hover | None:
    if not _ready(ls):
        return None
    text = index.hover(ls.model, _word(ls, params))
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text)) if text else None


def _location(ls: EaServer, span: index.Span) -> types.Location:
    return types.Location(ls.uri(span.file), types.Range(types.Position(span.line, span.start),
                                                         types.Position(span.line, span.end)))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def _definition(ls: EaServer, params: types.DefinitionParams) -> types.Location | None:
    if not _ready(ls):
        return None
    span = index.definition(ls.model, _word(ls, params))
    return _location(ls, span) if span else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def _references(ls: EaServer, params: types.ReferenceParams) -> list[types.Location]:
    if not _ready(ls):
        return []
    word = _word(ls, params)
    if not word or index.definition(ls.model, word) is None:
        return []
    return [_location(ls, s) for s in index.occurrences(ls.model, word, ls.texts())]


@server.feature(types.TEXT_DOCUMENT_RENAME)
def _rename(ls: EaServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    if not _ready(ls):
        return None
    try:
        spans = index.rename(ls.model, _word(ls, params), params.new_name, ls.texts())
    except index.RenameRefused as exc:
        raise ValueError(str(exc)) from None  # pygls answers the request with this error message
    changes: dict[str, list[types.TextEdit]] = {}
    for span in spans:
        changes.setdefault(ls.uri(span.file), []).append(types.TextEdit(
            types.Range(types.Position(span.line, span.start), types.Position(span.line, span.end)), params.new_name))
    return types.WorkspaceEdit(changes=changes)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def _symbols(ls: EaServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    if not _ready(ls):
        return []
    rel = ls.rel(params.text_document.uri)
    result = []
    for sid, detail, start, end in index.symbols(ls.model, rel or ""):
        whole = types.Range(types.Position(start, 0), types.Position(end, 0))
        result.append(types.DocumentSymbol(name=sid, detail=detail, kind=types.SymbolKind.Object, range=whole,
                                           selection_range=types.Range(types.Position(start, 0),
                                                                       types.Position(start, 0))))
    return result


def serve() -> None:
    server.start_io()
