"""A real LSP client (pygls') driving `ea lsp` over stdio, for the tests and the benchmark."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path


class EaClient:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.client = LanguageClient("ea-test", "1")
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.arrived = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = params.diagnostics
            self.arrived.set()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def _message(params) -> None:
            pass

    def uri(self, rel: str) -> str:
        return from_fs_path(str(self.root / rel))

    async def start(self) -> None:
        await self.client.start_io(sys.executable, "-m", "ea_model", "lsp")
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(self.root)),
            workspace_folders=[types.WorkspaceFolder(from_fs_path(str(self.root)), "repo")]))
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, rel: str, text: str | None = None) -> str:
        text = (self.root / rel).read_text(encoding="utf-8") if text is None else text
        uri = self.uri(rel)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
        return uri

    def change(self, rel: str, text: str, version: int = 2) -> None:
        self.arrived.clear()
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=self.uri(rel), version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def wait_diagnostics(self, timeout: float = 20) -> None:
        await asyncio.wait_for(self.arrived.wait(), timeout)
        self.arrived.clear()

    async def completion(self, rel: str, line: int, character: int) -> list[types.CompletionItem]:
        result = await self.client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(self.uri(rel)), types.Position(line, character)))
        return list(result.items if isinstance(result, types.CompletionList) else result or [])

    def position(self, rel: str, line: int, character: int):
        return types.TextDocumentIdentifier(self.uri(rel)), types.Position(line, character)
