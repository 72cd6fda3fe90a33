"""Generate realistic attachments for the checker benchmark: a deck, a Word document, a PDF.

- deck.pptx: 40 slides (title and bullets; every 4th has a picture, every 5th a table, every
  7th a chart and a coloured panel with white text), with speaker-style wording.
- document.docx: about 20 pages (headings, about 9,000 words of body text, tables, pictures,
  links), the size of a full business case.
- document.pdf: 50 pages, tagged: a structure tree of headings, paragraphs and a figure with
  alt text on each page, text in every page's content stream.

    .venv/bin/python bench/gen_documents.py [--out bench/results/documents]
"""

from __future__ import annotations

import argparse
import io
import random
from pathlib import Path

import pikepdf
from docx import Document
from docx.shared import Pt
from pikepdf import Array, Dictionary, Name, String
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches

TEXT = (
    "people claim benefits online and wait too long for a decision because cases move between "
    "teams by email we will build a shared queue so staff can see each case and its next step "
    "the service will pay most claims within three days and tell people what happens next "
    "we tested the idea with twelve caseworkers in two offices and measured the time saved"
)
WORDS = TEXT.split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def picture(rng: random.Random) -> io.BytesIO:
    image = Image.new("RGB", (320, 200), tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def make_deck(path: Path, slides: int = 40, seed: int = 1) -> Path:
    rng = random.Random(seed)
    prs = Presentation()
    for number in range(1, slides + 1):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Part {number}: how we pay people faster"
        body = slide.placeholders[1].text_frame
        body.text = sentence(rng, 10)
        for _ in range(4):
            body.add_paragraph().text = sentence(rng, rng.randint(6, 14))
        if number % 4 == 0:
            pic = slide.shapes.add_picture(picture(rng), Inches(7), Inches(5), Inches(2))
            pic._element.nvPicPr.cNvPr.set("descr", "Claims paid within 3 days, by month")
        if number % 5 == 0:
            frame = slide.shapes.add_table(4, 3, Inches(1), Inches(4.5), Inches(5), Inches(1.5))
            for r in range(4):
                for c in range(3):
                    frame.table.cell(r, c).text = f"{rng.randint(1, 999)} days"
        if number % 7 == 0:
            data = CategoryChartData()
            data.categories = ["2024", "2025", "2026"]
            data.add_series("Days to pay", (10, 6, 3))
            slide.shapes.add_chart(
                XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(6), Inches(1.5), Inches(3), Inches(2), data
            )
            panel = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(6.2), Inches(9), Inches(0.8)
            )
            panel.fill.solid()
            panel.fill.fore_color.rgb = RGBColor(0x1D, 0x35, 0x57)
            panel.text_frame.text = "Find out more at www.gov.uk/pay-faster"
    prs.save(path)
    return path


def make_docx(path: Path, pages: int = 20, seed: int = 2) -> Path:
    rng = random.Random(seed)
    doc = Document()
    doc.core_properties.title = "Paying people faster: business case"
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_heading("Paying people faster", level=1)
    for page in range(pages):
        doc.add_heading(f"Section {page + 1}", level=2)
        for _ in range(6):
            doc.add_paragraph(" ".join(sentence(rng, rng.randint(8, 22)) for _ in range(4)))
        if page % 3 == 0:
            table = doc.add_table(rows=6, cols=4)
            for row in table.rows:
                for cell in row.cells:
                    cell.text = f"{rng.randint(1, 999)} claims"
        if page % 4 == 0:
            doc.add_picture(picture(rng))
    doc.save(path)
    return path


def make_pdf(path: Path, pages: int = 50, seed: int = 3) -> Path:
    rng = random.Random(seed)
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    kids = []
    for number in range(pages):
        lines = [sentence(rng, 10) for _ in range(40)]
        content = ["BT /F1 11 Tf 72 760 Td 14 TL"]
        content += [f"({line}) '" for line in lines]
        content.append("ET")
        pdf.add_blank_page(page_size=(612, 792))
        page = pdf.pages[number]
        page.Resources = Dictionary(Font=Dictionary(F1=font))
        page.Contents = pdf.make_stream("\n".join(content).encode("latin-1"))
        heading = Dictionary(Type=Name.StructElem, S=Name.H2, P=document, Pg=page.obj)
        kids.append(pdf.make_indirect(heading))
        for _ in range(8):
            paragraph = Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=page.obj)
            kids.append(pdf.make_indirect(paragraph))
        figure = Dictionary(
            Type=Name.StructElem, S=Name.Figure, P=document, Pg=page.obj, Alt=String("A chart")
        )
        kids.append(pdf.make_indirect(figure))
    document.K = Array(kids)
    pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=document))
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("en-GB")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo["/Title"] = String("Paying people faster: business case")
    pdf.save(path)
    return path


def generate(out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    return {
        "deck": make_deck(out / "deck.pptx"),
        "docx": make_docx(out / "document.docx"),
        "pdf": make_pdf(out / "document.pdf"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=Path("bench/results/documents"))
    args = parser.parse_args()
    for kind, path in generate(args.out).items():
        print(f"{kind:5} {path}  {path.stat().st_size / 1024:,.0f} KB")


if __name__ == "__main__":
    main()
