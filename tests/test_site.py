"""`ea site` without a browser: file names, folding, the pages and their links, escaping, determinism, the
command line, and the folder it refuses to replace. The browser tests are in test_site_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ea_model import load, validate
from ea_model.gitinfo import GitState
from ea_model.site import build_site, fold, slug
from ea_model.site.builder import SiteError

from .site_fixture import EXTRA, HOSTILE_ID, HOSTILE_NAME, broken_links, text_of
from .test_render import VIEWS


@pytest.fixture
def site_repo(repo):
    return repo({**VIEWS, **EXTRA})


@pytest.fixture
def built(site_repo, tmp_path):
    out = tmp_path / "site"
    result = build_site(load(site_repo), out)
    return out, result


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


# ------------------------------------------------------------------ names and folding


@pytest.mark.parametrize("text, expected", [
    ("app-vssid", "app-vssid"),
    ("BRM.01", "_b_r_m.01"),
    ("a_b", "a~5fb"),
    ("a~b", "a~7eb"),
    ("đ", "~c4~91"),
    ("../x", "~2e./x".replace("/", "~2f")),
    ("con", "~63on"),
    ("", "_"),
])
def test_slug(text, expected):
    assert slug(text) == expected


def test_slug_is_one_to_one_safe_and_bounded():
    ids = ["a", "A", "a_", "a~5f", "_a", "a b", "a/b", "a\\b", "a%2fb", "Con", "CON", "con.x", "ứng-dụng", "x" * 500,
           "x" * 499 + "y", HOSTILE_ID, "..", ".", "-"]
    slugs = [slug(i) for i in ids]
    assert len(set(slugs)) == len(ids)
    assert len({s.lower() for s in slugs}) == len(ids)  # no two differ only in case (case-insensitive shares)
    for s in slugs:
        assert re.fullmatch(r"[a-z0-9._~-]+", s), s
        assert not s.startswith(".") and len(s) <= 120


@pytest.mark.parametrize("text, expected", [
    ("Bảo hiểm xã hội", "bao hiem xa hoi"),
    ("Hệ thống thông tin giám định BHYT", "he thong thong tin giam dinh bhyt"),
    ("ĐIỆN TỬ  Đà Nẵng", "dien tu da nang"),
    ("Ứng dụng VssID", "ung dung vssid"),
])
def test_fold_drops_vietnamese_diacritics(text, expected):
    assert fold(text) == expected


# ------------------------------------------------------------------ pages


def test_site_layout_and_summary(built, site_repo):
    out, result = built
    model = load(site_repo)
    assert result.languages == ["vi", "en"]
    assert result.elements == len(model.elements) and result.views == 3 and result.reports == 1
    assert (out / "index.html").is_file() and (out / ".ea-site").is_file()
    for lang in ("vi", "en"):
        for page in ("index.html", "search.html", "layers.html", "views.html", "rm.html", "gap.html", "roadmap.html",
                     "problems.html", "search-index.js", "views/apps.html", "views/apps.svg",
                     "gap/baseline-target.html", "gap/baseline-target.report.html", "rm/_t_e_s_t-_b_r_m.html",
                     "layers/application.html"):
            assert (out / lang / page).is_file(), f"{lang}/{page}"
        for eid in model.elements:
            assert (out / lang / "elements" / f"{slug(eid)}.html").is_file()
    assert not list(out.parent.glob(".site.*")), "the temporary build folder is left behind"


def test_no_broken_internal_links(built):
    out, _ = built
    assert broken_links(out) == []


def test_every_page_declares_its_icon(built):
    # without a <link rel="icon">, a browser asks the server for /favicon.ico: a 404 in the console of every
    # page opened through `ea serve` before the next navigation (the root page redirects at once)
    out, _ = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert re.search(r'<link rel="icon" href="[^"]+"', read(out, str(page.relative_to(out)))), page


def test_home_page_counts_plateaus_and_latest_gap_report(built):
    out, _ = built
    home = text_of(read(out, "en/index.html"))
    assert re.search(r"Application 4\b", home)
    assert "Baseline 2022" in home and "2030-12-31" in home
    assert "Test gap analysis" in home  # the latest (only) report definition
    assert 'href="gap/baseline-target.html"' in read(out, "en/index.html")


def test_element_page_has_everything_about_the_element(built):
    out, _ = built
    html = read(out, "en/elements/app-collection.html")
    text = text_of(html)
    assert "Collection management" in text and "Phần mềm quản lý thu" in text  # both names
    assert "Specialised application" in text and "application-component" in text
    assert 'href="../elements/org-it.html"' in html  # owner
    assert 'href="../elements/db-insurance.html"' in html and "readwrite" in text  # outgoing access
    assert 'href="../elements/app-portal.html"' in html and "receives a flow from" in text  # incoming flow
    assert 'href="../elements/dc-main.html"' in html and "is served by" in text
    assert "Property users: 2000" in text  # the change in target-2030
    assert 'href="../views/apps.html"' in html  # views it appears in
    assert "1/QĐ-TEST" in text and 'href="../elements/doc-test.html"' in html and "2.3" in text  # source
    assert "layers/model.yaml:" in text
    fn = read(out, "en/elements/fn-arrears.html")
    assert 'href="../rm/_t_e_s_t-_b_r_m.html#c-_b_r_m.01.02"' in fn


def test_vietnamese_pages_name_access_modes_in_vietnamese(built):
    out, _ = built
    assert '<span class="meta">đọc và ghi</span>' in read(out, "vi/elements/app-collection.html")
    assert "readwrite" not in text_of(read(out, "vi/elements/app-collection.html"))
    assert '<span class="meta">readwrite</span>' in read(out, "en/elements/app-collection.html")


def test_document_and_owner_pages_list_what_cites_and_what_they_own(built):
    out, _ = built
    doc = read(out, "vi/elements/doc-test.html")
    assert "Được trích dẫn bởi" in doc and 'href="../elements/app-collection.html"' in doc
    org = read(out, "vi/elements/org-it.html")
    assert "Đơn vị chủ quản của" in org and 'href="../elements/db-insurance.html"' in org


def test_view_page_links_diagram_nodes_to_element_pages(built):
    out, _ = built
    html = read(out, "en/views/apps.html")
    assert '<svg' in html and 'xlink:href="../elements/app-collection.html"' in html
    assert "Application components" in html


def test_reference_model_browser_tree(built):
    out, _ = built
    html = read(out, "en/rm/_t_e_s_t-_b_r_m.html")
    assert 'id="c-_b_r_m.01"' in html and 'id="c-_b_r_m.01.02"' in html
    branch = html[html.index('id="c-_b_r_m.01.02"'):]
    assert 'href="../elements/fn-arrears.html"' in branch[:2000]


def test_gap_report_and_roadmap_pages(built):
    out, _ = built
    gap = read(out, "en/gap/baseline-target.html")
    text = text_of(gap)
    assert "Test gap analysis" in text and "Gaps without a work package" in text
    assert 'href="../elements/wp-portal.html"' in gap  # the work package closing the portal's gap
    assert "<svg" in gap  # the roadmap
    roadmap = read(out, "en/roadmap.html")
    assert "Build the public service portal" in roadmap and 'href="elements/wp-portal.html"' in roadmap


def test_search_index_folds_names_and_covers_ids_kinds_and_codes(built):
    out, _ = built
    js = read(out, "vi/search-index.js")
    assert js.startswith("window.EA_SEARCH=")
    entries = json.loads(js[len("window.EA_SEARCH="):].rstrip().rstrip(";"))
    by_id = {e[2]: e for e in entries}
    db = by_id["db-insurance"]
    assert db[:4] == ["e", "elements/db-insurance.html", "db-insurance", "Cơ sở dữ liệu quốc gia về bảo hiểm"]
    assert "bao hiem" in db[6] and "national insurance database" in db[6] and "national-database" in db[6]
    assert "brm.01.02" in by_id["fn-arrears"][6]
    assert by_id["BRM.01.02"][0] == "c" and by_id["apps"][0] == "v"


def test_escaping_of_hostile_text(built):
    out, _ = built
    for lang, name in (("vi", HOSTILE_NAME), ("en", "<img src=x onerror=alert(2)>")):
        html = read(out, f"{lang}/elements/app-hostile.html")
        assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;img src=x" in html
        assert name.replace("<", "&lt;").replace(">", "&gt;") in html
    for page in ("vi/views/apps.html", "vi/layers/application.html", "vi/elements/fn-arrears.html",
                 "vi/elements/org-it.html"):
        assert "<script>alert" not in read(out, page), page
    odd = out / "vi" / "elements" / f"{slug(HOSTILE_ID)}.html"
    assert odd.is_file() and "&lt;b&gt;&amp;amp;" in odd.read_text(encoding="utf-8")


def test_same_model_same_bytes(site_repo, tmp_path):
    model = load(site_repo)
    a, b = tmp_path / "a", tmp_path / "b"
    build_site(model, a)
    build_site(load(site_repo), b)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_rebuild_replaces_the_site_and_refuses_foreign_folders(site_repo, tmp_path):
    model = load(site_repo)
    out = tmp_path / "site"
    build_site(model, out)
    (out / "vi" / "stale.html").write_text("old", encoding="utf-8")
    build_site(model, out)
    assert not (out / "vi" / "stale.html").exists()
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteError, match="not built by `ea site`"):
        build_site(model, foreign)
    assert (foreign / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_one_language(site_repo, tmp_path):
    out = tmp_path / "site"
    result = build_site(load(site_repo), out, ["en"])
    assert result.languages == ["en"] and not (out / "vi").exists()
    assert 'url=en/index.html' in read(out, "index.html")
    assert 'hreflang="vi"' not in read(out, "en/index.html")
    assert broken_links(out) == []


def test_invalid_model_still_builds_and_lists_its_problems(repo, tmp_path):
    root = repo({"layers/broken.yaml": """\
        elements:
          - id: app-broken
            kind: specialised-application
            name: {vi: Hỏng}
            owner: org-nowhere
            serves: [fn-nowhere]
            rm: [XRM.99]
            plateaus: [no-such-plateau]
        """})
    model = load(root)
    assert any(p.severity == "error" for p in validate(model))
    out = tmp_path / "site"
    result = build_site(model, out)
    assert result.errors > 0
    problems = read(out, "vi/problems.html")
    assert "org-nowhere" in problems and "layers/broken.yaml" in problems
    page = read(out, "vi/elements/app-broken.html")
    assert 'class="id missing">fn-nowhere<' in page and 'class="id missing">XRM.99<' in page
    assert broken_links(out) == []


def test_the_site_takes_findings_drawings_and_gap_analyses_as_inputs(site_repo, tmp_path, monkeypatch):
    from ea_model.site import builder
    from ea_model.site.inputs import Drawings, Reports

    def not_run(*args, **kwargs):
        raise AssertionError("given as an input: must not be computed again")

    for name in ("draw_views", "gap_reports", "model_state"):
        monkeypatch.setattr(builder, name, not_run)
    monkeypatch.setattr("ea_model.validation.validate", not_run)
    model = load(site_repo)
    drawings = Drawings(notes=["drawn elsewhere"])
    out = tmp_path / "site"
    git = GitState(None, None, False)
    result = build_site(model, out, ["en"], problems=[], git=git, drawings=drawings, reports=Reports())
    assert (result.errors, result.warnings, result.reports, result.notes) == (0, 0, 0, ["drawn elsewhere"])
    assert "The model has no errors or warnings." in read(out, "en/problems.html")
    assert "<svg" not in read(out, "en/views/layered.html")
    assert broken_links(out) == []


def test_progress_counts_every_step_up_to_the_total(site_repo, tmp_path):
    calls = []
    build_site(load(site_repo), tmp_path / "site", progress=lambda text, done, total: calls.append((text, done, total)))
    totals = {total for _, _, total in calls}
    assert len(totals) == 1 and calls[-1][1] == calls[-1][2] == totals.pop()
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)  # never backwards
    texts = [text for text, _, _ in calls]
    for step in ("validating", "drawing views", "comparing plateaus", "writing pages (vi): home",
                 "writing pages (en): search", "writing element pages"):
        assert step in texts, step
    assert texts.count("drawing views") == 1 + 3 * 2  # the stage, then each of 3 views in 2 languages


def test_cli_site_shows_a_progress_bar_only_on_a_terminal(site_repo, ea, tmp_path, monkeypatch):
    import rich.progress

    bars = []

    class Recording:
        def __init__(self, *args, disable=False, **kwargs):
            self.disable, self.updates = disable, []
            bars.append(self)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def add_task(self, description, total=None):
            return 0

        def update(self, task, **fields):
            self.updates.append(fields)

    monkeypatch.setattr(rich.progress, "Progress", Recording)
    result = ea("site", "--repo", site_repo, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    assert len(bars) == 1 and bars[0].disable is True  # the test's stderr is no terminal: quiet
    described = {u["description"] for u in bars[0].updates}
    assert {"drawing views", "writing element pages"} <= described
    assert bars[0].updates[-1]["completed"] == bars[0].updates[-1]["total"] > 0
    assert all(line.startswith(("warning: ", "site: ")) for line in result.stderr.splitlines())  # no bar


def test_every_page_module_is_listed():
    import pkgutil

    from ea_model.site import pages

    on_disk = {info.name for info in pkgutil.iter_modules(pages.__path__)}
    listed = {m.__name__.rsplit(".", 1)[1] for m in pages.LANGUAGE_PAGES}
    assert on_disk == listed | {"element", "static"}


def test_model_without_plateaus_or_views(repo, tmp_path):
    root = repo({"ea.yaml": "id: bare\nname: {vi: Trống}\nframework: vneaf-2.0\nlanguages: [vi]\n"
                 "base_iri: https://example.org/ea/bare/\nplateaus: gap_analysis/plateaus.yaml\n",
                 "gap_analysis/plateaus.yaml": "plateaus: []\n"})
    out = tmp_path / "site"
    result = build_site(load(root), out)
    assert result.reports == 0 and result.views == 0
    assert "Chưa có báo cáo" in read(out, "vi/gap.html") and "Chưa có sơ đồ" in read(out, "vi/views.html")
    assert broken_links(out) == []


# ------------------------------------------------------------------ command line


def test_cli_site(site_repo, ea):
    result = ea("site", "--repo", site_repo)
    assert result.exit_code == 0, result.stderr
    out = site_repo / "exports" / "site"
    assert result.output.strip() == str(out / "index.html")
    assert "pages in vi, en" in result.stderr and "3 views" in result.stderr
    assert (out / "en" / "elements" / "app-portal.html").is_file()


def test_cli_site_lang_and_out(site_repo, ea, tmp_path):
    out = tmp_path / "portal"
    result = ea("site", "--repo", site_repo, "--lang", "en", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert (out / "en" / "index.html").is_file() and not (out / "vi").exists()


def test_cli_site_refuses_to_overwrite_the_repository(site_repo, ea):
    result = ea("site", "--repo", site_repo, "--out", site_repo)
    assert result.exit_code == 2
    assert "not built by `ea site`" in result.stderr
    assert (site_repo / "ea.yaml").is_file()


def test_cli_site_without_repository(ea, tmp_path):
    result = ea("site", "--repo", tmp_path / "nowhere")
    assert result.exit_code == 2 and "ea.yaml" in result.stderr
