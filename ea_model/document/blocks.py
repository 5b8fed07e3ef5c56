"""The architecture document as data: a list of blocks that every writer (DOCX, HTML, and PDF through the
DOCX) lays out. The builder fills it from the outline and the model; writers never read the model, so the
same blocks give the same bytes in every format."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Heading:
    level: int  # 1 (chapter) .. 3
    number: str  # "VI.", "1.", "1.1." or "" for unnumbered sections (Mở đầu)
    title: str
    anchor: str  # stable id for links and bookmarks

    @property
    def text(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = "body"  # body | bullet | note | centre

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    number: int
    caption: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)  # source notes, when sources are printed as footnotes
    widths: list[float] = field(default_factory=list)  # relative column widths
    anchor: str = ""


@dataclass
class Figure:
    number: int
    caption: str
    data: bytes  # PNG (DOCX, PDF) or SVG (HTML)
    fmt: str
    width_px: int = 0
    height_px: int = 0
    anchor: str = ""
    source: str = ""  # which view and plateau it was drawn from


@dataclass
class Cover:
    governing_body: str  # above, regular (may be empty)
    issuing_body: str  # below, bold
    motto_title: str  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str  # "Độc lập - Tự do - Hạnh phúc"
    title: str
    subtitle: str  # the approval line, or "draft"
    lines: list[str] = field(default_factory=list)  # version, plateaus, model commit
    place_date: str = ""


@dataclass
class Contents:
    """A generated list: "toc" (headings), "figures" or "tables"; writers fill it from the document."""

    kind: str
    title: str


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Figure | Cover | Contents | PageBreak


@dataclass
class Document:
    lang: str
    title: str
    blocks: list
    words: dict[str, str]  # "figure", "table", "page": the writer's captions and labels in the document language
    date: str  # of the model's last commit: core properties and the cover, never the time of the run
    author: str = ""
    pages: dict[str, int] = field(default_factory=dict)  # anchor -> page, when known (the PDF's second pass)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def caption(self, block: Figure | Table) -> str:
        word = self.words["figure"] if isinstance(block, Figure) else self.words["table"]
        return f"{word} {block.number}: {block.caption}"
