"""Measure the libraries that could read legacy .xlsx and .pdf job descriptions (issue 17).

    python benchmarks/import_readers.py

.xlsx: openpyxl (what roledocs uses) and python-calamine, on the fixtures and on a workbook of
40 sheets × 80 rows; both must give merged ranges. .pdf: poppler's `pdftotext -layout` (what
roledocs uses), pypdf (plain and layout mode) and pdfplumber, on the fixtures: time, and
whether each KPI table row stays on one line (「账物相符率 … 40% … 98% … 99.5%」).
Libraries that are not installed are skipped.
"""
from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "import"
ROWS = [("账物相符率", "40%", "98%", "99.5%"), ("补货及时率", "35%", "95%", "99%"), ("库存损耗率", "25%", "0.5%", "0.2%")]


def timed(fn, repeat=5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def import_cost(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def big_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for s in range(40):
        ws = wb.create_sheet(f"岗位{s}")
        for r in range(1, 81):
            ws.append([f"第{r}行", "负责客户投诉的受理、登记和回访" * 2, f"{r}%", "月度"])
        ws.merge_cells("A1:D1")
    wb.save(path)
    return path


def percent_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = 0.5
    wb.active["A1"].number_format = "0%"
    wb.save(path)
    return path


def read_openpyxl(path: Path):
    from openpyxl import load_workbook

    from roledocs.importer.spreadsheet import cell_text

    wb = load_workbook(path, data_only=True)  # merged ranges need the normal (not read-only) mode
    return [([[cell_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()],
             list(ws.merged_cells.ranges)) for ws in wb]


def read_calamine(path: Path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return [(sheet.to_python(), sheet.merged_cell_ranges) for sheet in map(wb.get_sheet_by_name, wb.sheet_names)]


def pdf_readers():
    def pdftotext(path):
        return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout

    def pypdf_plain(path):
        from pypdf import PdfReader
        return "\n".join(p.extract_text() for p in PdfReader(path).pages)

    def pypdf_layout(path):
        from pypdf import PdfReader
        return "\n".join(p.extract_text(extraction_mode="layout") for p in PdfReader(path).pages)

    def pdfplumber_text(path):
        import pdfplumber
        with pdfplumber.open(path) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)

    return {"pdftotext -layout": pdftotext, "pypdf": pypdf_plain, "pypdf layout": pypdf_layout,
            "pdfplumber": pdfplumber_text}


def rows_kept(text: str) -> int:
    """How many of the KPI table rows stay on one line, in order."""
    lines = text.splitlines()
    return sum(any(re.search(r"\s*".join(map(re.escape, row)).replace(r"\s*", r".*?"), ln) for ln in lines)
               for row in ROWS)


def main() -> None:
    print("## .xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        big = big_workbook(Path(tmp) / "big.xlsx")
        for name, reader, module in (("openpyxl", read_openpyxl, "openpyxl"),
                                     ("python-calamine", read_calamine, "python_calamine")):
            try:
                cost = import_cost(module)
            except subprocess.CalledProcessError:
                print(f"{name}: not installed")
                continue
            small, result = timed(lambda: [reader(p) for p in sorted(FIXTURES.glob("*_*.xlsx"))
                                           if p.name != "corrupt.xlsx"])
            merged = sum(len(m) for book in result for _, m in book)
            large, _ = timed(lambda: reader(big), repeat=3)
            percent = reader(percent_workbook(Path(tmp) / "percent.xlsx"))[0][0][0][0]
            print(f"{name}: import {cost * 1000:.0f} ms; fixtures {small * 1000:.1f} ms ({merged} merged ranges); "
                  f"40 sheets × 80 rows {large * 1000:.0f} ms; a weight typed as 50 % reads as {percent!r}")
    print("## .pdf")
    for name, reader in pdf_readers().items():
        try:
            seconds, text = timed(lambda: [reader(FIXTURES / n) for n in ("warehouse_form.pdf", "trainer_prose.pdf")])
        except (ImportError, FileNotFoundError) as exc:
            print(f"{name}: not available ({exc})")
            continue
        print(f"{name}: both fixtures {seconds * 1000:.0f} ms; KPI rows on one line {rows_kept(text[0])}/3; "
              f"sign-off line whole: {'编制：人力资源部' in text[1].replace(' ', '')}")


if __name__ == "__main__":
    main()
