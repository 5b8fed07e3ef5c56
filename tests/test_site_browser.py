"""`ea site` and `ea serve` in a real browser: Debian's Chromium driven by Playwright (headless, no browser
download). One browser for the session; the site is built once per module."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from ea_model.site import slug

from .site_fixture import HOSTILE_ID, HOSTILE_NAME, broken_links, make_repo


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The test repository's site, built by the command line."""
    from click.testing import CliRunner

    from ea_model.cli import main

    root = make_repo(tmp_path_factory.mktemp("site") / "repo")
    out = root.parent / "site"
    result = CliRunner().invoke(main, ["site", "--repo", str(root), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


def url(site: Path, rel: str) -> str:
    return (site / rel).as_uri()


def search_box(p):
    return p.locator("header form.search input.ea-q")


# ------------------------------------------------------------------ from files


def test_home_page(site, page):
    p = page.page
    p.goto(url(site, "index.html"))
    p.wait_for_url(re.compile(r"/vi/index\.html$"))  # the root redirects to the first language
    assert p.locator("html").get_attribute("lang") == "vi"
    assert p.locator("h1").inner_text() == "Kiến trúc thử nghiệm"
    assert p.locator("text=Hiện trạng 2022").count() >= 1
    assert page.errors == [] and page.dialogs == []


def test_search_without_diacritics_finds_vietnamese_names(site, page):
    p = page.page
    p.goto(url(site, "vi/index.html"))
    box = search_box(p)
    box.fill("bao hiem quoc gia")
    first = p.locator(".ea-results li a.r-e").first
    first.wait_for()
    assert first.locator(".r-name").inner_text() == "Cơ sở dữ liệu quốc gia về bảo hiểm"
    first.click()
    p.wait_for_url(re.compile(r"/vi/elements/db-insurance\.html$"))
    assert p.locator("h1").inner_text() == "Cơ sở dữ liệu quốc gia về bảo hiểm"
    assert page.errors == []


def test_search_by_code_kind_and_english_name_and_keyboard(site, page):
    p = page.page
    p.goto(url(site, "en/index.html"))
    box = search_box(p)
    box.fill("BRM.01.02")
    p.locator(".ea-results li a").first.wait_for()
    names = p.locator(".ea-results li a .r-name").all_inner_texts()
    assert "Arrears management" in names and "Arrears" in names  # the element classified, and the code itself
    box.fill("national database")
    p.wait_for_function("document.querySelector('.ea-results .r-name') && "
                        "document.querySelector('.ea-results .r-name').textContent === 'National Insurance Database'")
    box.press("ArrowDown")
    box.press("Enter")
    p.wait_for_url(re.compile(r"/en/elements/db-insurance\.html$"))
    assert page.errors == []


def test_search_page(site, page):
    p = page.page
    p.goto(url(site, "vi/search.html") + "?q=thu%20bao%20hiem")
    results = p.locator("#ea-search-results li a")
    results.first.wait_for()
    assert "Thu bảo hiểm" in results.locator(".r-name").all_inner_texts()
    assert re.match(r"\d+ kết quả", p.locator("#ea-search-count").inner_text())
    p.goto(url(site, "vi/search.html") + "?q=zzzz-nothing")
    p.wait_for_function("document.getElementById('ea-search-count').textContent.length > 0")
    assert p.locator("#ea-search-count").inner_text() == "Không tìm thấy kết quả."
    assert page.errors == []


def test_follow_a_diagram_node_to_its_element_page(site, page):
    p = page.page
    p.goto(url(site, "en/views/apps.html"))
    node = p.locator('svg g.node[id="app-collection"] a')  # the view shows the baseline: the portal comes later
    assert node.count() == 1
    node.click()
    p.wait_for_url(re.compile(r"/en/elements/app-collection\.html$"))
    assert p.locator("h1").inner_text() == "Collection management"
    assert page.errors == []


def test_switch_language_keeps_the_page(site, page):
    p = page.page
    p.goto(url(site, "vi/elements/app-collection.html"))
    assert p.locator("h1").inner_text() == "Phần mềm quản lý thu"
    p.locator("header a.lang-switch[hreflang='en']").click()
    p.wait_for_url(re.compile(r"/en/elements/app-collection\.html$"))
    assert p.locator("html").get_attribute("lang") == "en"
    assert p.locator("h1").inner_text() == "Collection management"
    assert p.locator("header nav.menu").inner_text().split()[0] == "Elements"
    p.goto(url(site, "en/search.html") + "?q=firewall")
    p.locator("#ea-search-results li").first.wait_for()
    p.locator("header a.lang-switch[hreflang='vi']").click()
    p.wait_for_url(re.compile(r"/vi/search\.html\?q=firewall$"))  # the query goes along
    p.locator("#ea-search-results li").first.wait_for()
    assert "Tường lửa" in p.locator("#ea-search-results .r-name").all_inner_texts()
    assert page.errors == []


def test_hostile_names_show_as_text(site, page):
    p = page.page
    p.goto(url(site, "vi/elements/app-hostile.html"))
    assert p.locator("h1").inner_text() == HOSTILE_NAME
    assert p.locator("main script, main img, main iframe, main b").count() == 0
    assert "<script>alert(3)</script>" in p.locator("article").inner_text()
    p.locator("header a.lang-switch[hreflang='en']").click()
    p.wait_for_url(re.compile(r"/en/elements/app-hostile\.html$"))
    assert p.locator("h1").inner_text() == "<img src=x onerror=alert(2)>"
    # in search results, diagrams and lists too
    search_box(p).fill("script alert")
    p.locator(".ea-results li a").first.wait_for()
    p.goto(url(site, "vi/search.html") + "?q=script")
    p.locator("#ea-search-results li").first.wait_for()
    assert HOSTILE_NAME in p.locator("#ea-search-results .r-name").all_inner_texts()
    for rel in ("vi/views/apps.html", "vi/layers/application.html", "vi/elements/fn-arrears.html"):
        p.goto(url(site, rel))
        assert p.locator("main script, main iframe").count() == 0, rel
    # the element whose id is hostile too
    p.goto(url(site, f"vi/elements/{slug(HOSTILE_ID)}.html"))
    assert p.locator("code.eid").inner_text() == HOSTILE_ID
    assert page.dialogs == [] and page.errors == []


def crawl(p, starts: list[str], errors: list[str], within: str = "") -> set[str]:
    """Visit every page reachable from `starts` within the site (and under `within`, a folder of it: one
    language, to keep the test fast); return the pages seen. Links whose target does not load, or whose
    #fragment names no element, are recorded in `errors`."""
    base = starts[0].rsplit("/", 2)[0] + "/"
    seen, queue = set(), deque(starts)
    anchors: dict[str, set[tuple[str, str]]] = {}
    while queue:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        response = p.goto(current)
        if response is not None and not response.ok:
            errors.append(f"{current}: HTTP {response.status}")
            continue
        for href in p.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target, fragment = urldefrag(href)
            if not target.startswith(base):
                if urlsplit(target).scheme in ("file", "http", "https"):
                    errors.append(f"{current}: link outside the site: {href}")
                continue
            if fragment:
                anchors.setdefault(target, set()).add((current, fragment))
            if target.endswith(".html") and target.startswith(base + within):
                if target.split("?")[0] not in seen:
                    queue.append(target.split("?")[0])
            elif target.startswith("file:") and not Path(unquote(urlsplit(target).path)).is_file():
                errors.append(f"{current}: {href}")
    for target, wanted in sorted(anchors.items()):
        p.goto(target)
        ids = set(p.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        errors += [f"{source}: {target}#{fragment}: no such anchor" for source, fragment in sorted(wanted)
                   if unquote(fragment) not in ids]
    return seen


def test_every_page_loads_without_console_errors_or_broken_links(site, page):
    """A crawl of the whole Vietnamese site in the browser from its home page (the English one has the same
    pages); every link of both languages is checked on the files by `broken_links`."""
    missing: list[str] = []
    pages = crawl(page.page, [url(site, "vi/index.html"), url(site, "vi/search.html")], missing, within="vi/")
    assert missing == []
    assert page.errors == [] and page.dialogs == []
    html_files = {p.resolve().as_uri() for p in (site / "vi").rglob("*.html")}
    unreached = html_files - pages
    assert not unreached, sorted(unreached)[:10]
    assert broken_links(site) == []


# ------------------------------------------------------------------ ea serve


class Served:
    def __init__(self, proc: subprocess.Popen, root: Path) -> None:
        self.proc, self.root = proc, root
        self.lines: list[str] = []
        self.url: str | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            m = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
            if m:
                self.url = m.group(1)
                self._ready.set()
        self._ready.set()

    def wait_ready(self, timeout: float) -> bool:
        return self._ready.wait(timeout) and self.url is not None

    def wait_for(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in "".join(self.lines):
                return True
            time.sleep(0.1)
        return False


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`ea serve --port 0` on the test repository, in its own process, as an architect runs it."""
    root = make_repo(tmp_path_factory.mktemp("serve") / "repo")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", "from ea_model.cli import main; main()", "serve", "--repo",
                             str(root), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    server = Served(proc, root)
    try:
        if not server.wait_ready(60):
            pytest.fail("ea serve did not start:\n" + "".join(server.lines))
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert "stopped" in "".join(server.lines)  # SIGTERM stops it cleanly (its temporary folder removed)


def http_crawl(start: str) -> tuple[set[str], list[str]]:
    """Every page and file linked from `start` under the same address, fetched over HTTP (quicker than the
    browser); returns what was fetched and the links that did not answer 200."""
    from .site_fixture import _Page

    seen, broken, queue = set(), [], deque([start])
    while queue:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        try:
            with urlopen(current) as response:
                body = response.read()
        except OSError as exc:
            broken.append(f"{current}: {exc}")
            continue
        if not current.endswith(".html"):
            continue
        parser = _Page()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            target = urldefrag(urljoin(current, link))[0].split("?")[0]
            if target.startswith(start.rsplit("/", 2)[0]) and target not in seen:
                queue.append(target)
    return seen, broken


def test_serve_search_diagram_language_and_links(served, page):
    address = served.url
    p = page.page
    p.goto(address)
    p.wait_for_url(re.compile(r"/vi/index\.html$"))
    search_box(p).fill("tuong lua")
    p.locator(".ea-results li a.r-e").first.click()
    p.wait_for_url(re.compile(r"/vi/elements/sec-firewall\.html$"))
    p.goto(address + "en/views/layered.html")
    p.locator('svg g.node[id="db-insurance"] a').click()
    p.wait_for_url(re.compile(r"/en/elements/db-insurance\.html$"))
    p.locator("header a.lang-switch[hreflang='vi']").click()
    p.wait_for_url(re.compile(r"/vi/elements/db-insurance\.html$"))
    for rel in ("en/gap.html", "en/gap/baseline-target.html", "en/roadmap.html", "en/rm.html", "vi/search.html?q=thu"):
        p.goto(address + rel)
    assert page.errors == [] and page.dialogs == []
    fetched, broken = http_crawl(address + "vi/index.html")
    assert broken == []
    assert address + "en/elements/app-portal.html" in fetched and address + "_static/site.js" in fetched


def test_serve_rebuilds_and_reloads_when_yaml_changes(served, page):
    address, root = served.url, served.root
    p = page.page
    p.goto(address + "en/elements/sec-firewall.html")
    assert p.locator("h1").inner_text() == "Firewall"
    model = root / "layers" / "model.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("en: Firewall}", "en: Next-generation firewall}"),
                     encoding="utf-8")
    # the open page reloads by itself once the site is rebuilt
    p.wait_for_function("document.querySelector('h1').textContent === 'Next-generation firewall'", timeout=30000)
    # a half-typed file keeps the last good site
    good = model.read_text(encoding="utf-8")
    model.write_text(good + "  - id: [\n", encoding="utf-8")
    assert served.wait_for("kept the last site", 20), "".join(served.lines)
    with urlopen(address + "en/elements/sec-firewall.html") as response:
        assert response.status == 200 and b"Next-generation firewall" in response.read()
    assert page.errors == []
