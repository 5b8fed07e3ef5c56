"""`ea lsp` driven by a real LSP client over stdio: diagnostics, completion, hover, definition, references,
rename, document symbols."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from .lsp_client import EaClient

APP = "layers/model.yaml"


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


def run(root, scenario) -> None:
    async def main():
        client = EaClient(root)
        await client.start()
        try:
            await scenario(client)
        finally:
            await client.stop()

    asyncio.run(main())


def test_diagnostics_as_you_type_and_cleared_when_fixed(repo):
    root = repo()
    text = (root / APP).read_text()

    async def scenario(c: EaClient):
        c.open(APP)
        broken = text.replace("owner: org-it\n    plateaus: [target-2030]",
                              "owner: org-nowhere\n    plateaus: [target-2030]")
        c.change(APP, broken)
        while not c.diagnostics.get(c.uri(APP)):
            await c.wait_diagnostics()
        found = c.diagnostics[c.uri(APP)]
        assert any("org-nowhere" in d.message and d.code == "EA102" for d in found), found
        assert found[0].range.start.line == _line_of(broken, "org-nowhere")
        c.change(APP, text, version=3)
        while c.diagnostics.get(c.uri(APP)):
            await c.wait_diagnostics()

    run(root, scenario)


def test_completion_of_ids_kinds_plateaus_and_docs(repo):
    root = repo()
    text = (root / APP).read_text()

    async def scenario(c: EaClient):
        edited = text.replace("owner: org-it\n    plateaus: [target-2030]", "owner: \n    plateaus: [target-2030]")
        c.open(APP, edited)
        line = _line_of(edited, "owner: ")
        items = await c.completion(APP, line, len("    owner: "))
        by_label = {i.label: i for i in items}
        assert by_label["org-it"].detail == "Trung tâm Công nghệ thông tin / IT Center (organisation-unit)"
        kinds = await c.completion(APP, _line_of(text, "kind: data-centre"), len("    kind: "))
        assert "national-database" in {i.label for i in kinds}
        plateaus = await c.completion(APP, _line_of(text, "plateaus: [baseline-2022, target-2030]"), 16)
        assert [i.label for i in plateaus] == ["baseline-2022", "target-2030"]
        docs = await c.completion(APP, _line_of(text, "source: {doc: doc-test, line: 3}"), 18)
        assert [i.label for i in docs] == ["doc-test"]

    run(root, scenario)


def test_hover_definition_references_symbols(repo):
    root = repo()
    text = (root / APP).read_text()

    async def scenario(c: EaClient):
        c.open(APP)
        line = _line_of(text, "serves: [app-collection, app-portal]")
        doc, pos = c.position(APP, line, text.splitlines()[line].index("app-collection") + 2)
        hover = await c.client.text_document_hover_async(types.HoverParams(doc, pos))
        assert "Phần mềm quản lý thu / Collection management" in hover.contents.value
        assert "owner: `org-it`" in hover.contents.value
        where = await c.client.text_document_definition_async(types.DefinitionParams(doc, pos))
        assert where.uri == c.uri(APP) and where.range.start.line == _line_of(text, "- id: app-collection")
        refs = await c.client.text_document_references_async(types.ReferenceParams(
            text_document=doc, position=pos, context=types.ReferenceContext(include_declaration=True)))
        assert len(refs) == text.count("app-collection")
        symbols = await c.client.text_document_document_symbol_async(types.DocumentSymbolParams(doc))
        assert [s.name for s in symbols][:3] == ["doc-test", "org-it", "fn-collection"]

    run(root, scenario)


def test_rename_across_files_keeps_replaces(repo):
    root = repo({"layers/next.yaml": """\
elements:
  - id: app-collection-v2
    kind: specialised-application
    name: {vi: Thu v2, en: Collection v2}
    replaces: [app-collection]
    source: {doc: doc-test, line: 12}
""", "viewpoints/apps.yaml": "id: apps\ntitle: {vi: Ứng dụng}\nselect: {ids: [app-collection]}\n"})
    text = (root / APP).read_text()

    async def scenario(c: EaClient):
        c.open(APP)
        line = _line_of(text, "- id: app-collection")
        doc, pos = c.position(APP, line, 10)
        edit = await c.client.text_document_rename_async(
            types.RenameParams(text_document=doc, position=pos, new_name="app-thu"))
        files = {"/".join(uri.rsplit("/", 2)[-2:]): edits for uri, edits in edit.changes.items()}
        assert set(files) == {"layers/model.yaml", "layers/next.yaml", "viewpoints/apps.yaml"}
        assert len(files["layers/model.yaml"]) == text.count("app-collection")
        assert all(e.new_text == "app-thu" for edits in files.values() for e in edits)
        # The successor's `replaces` is renamed too, so the history still leads to the element; the
        # successor's own id (app-collection-v2) is a different token and stays.
        starts = [(e.range.start.line, e.range.start.character) for e in files["layers/next.yaml"]]
        assert starts == [(4, 15)]
        try:
            await c.client.text_document_rename_async(
                types.RenameParams(text_document=doc, position=pos, new_name="org-it"))
            raise AssertionError("renaming onto an existing id must be refused")
        except Exception as exc:  # noqa: BLE001 - the client raises the server's error response
            assert "already an id" in str(exc)

    run(root, scenario)
