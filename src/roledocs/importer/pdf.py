"""PDF job descriptions as lines, page by page, from their text layer.

Read with poppler's `pdftotext -layout` (poppler-utils is already a system dependency; measured
against pypdf and pdfplumber in benchmarks/import_readers.py: all three keep a table row on one
line, pdftotext is the fastest and adds no Python dependency). The layout mode keeps a table's
cells apart by spaces, so a row reads like a table pasted as text and the importer's table
handling applies. A PDF without a text layer (a scan) and an encrypted PDF are refused with
what to do instead; nothing is guessed from an empty page.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .limits import MAX_PDF_PAGES, PDF_SECONDS
from .model import Line


def _run(args: list[str]) -> subprocess.CompletedProcess:
    from .readers import ReadError

    if shutil.which(args[0]) is None:
        raise ReadError(f"读取 PDF 需要 poppler-utils 中的 {args[0]}：apt-get install poppler-utils")
    try:
        return subprocess.run(args, capture_output=True, timeout=PDF_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise ReadError(f"读取 PDF 超过 {PDF_SECONDS} 秒，已停止：文件可能已损坏或被恶意构造") from exc


def read_pdf(path: Path) -> list[Line]:
    """The lines of the PDF's text layer, numbered within each page (raises ReadError)."""
    from .readers import ReadError

    info = _run(["pdfinfo", "-enc", "UTF-8", str(path)])
    message = info.stderr.decode("utf-8", "replace")
    if info.returncode != 0:
        if "password" in message.lower():
            raise ReadError("PDF 设置了打开密码（加密），无法读取。请用密码打开后另存（打印为 PDF）一份没有密码的副本再导入",
                            "RD403")
        raise ReadError("不是有效的 PDF 文件（文件已损坏或不完整）；请重新导出 PDF，或改用原始的 Word 文件")
    pages = int(m[1]) if (m := re.search(r"^Pages:\s+(\d+)", info.stdout.decode("utf-8", "replace"), re.M)) else 0
    if pages > MAX_PDF_PAGES:
        raise ReadError(f"PDF 有 {pages} 页，超过上限 {MAX_PDF_PAGES} 页：一份岗位说明书通常只有一到五页。"
                        "请只导出岗位说明书那几页再导入")
    result = _run(["pdftotext", "-layout", "-enc", "UTF-8", "-eol", "unix", str(path), "-"])
    if result.returncode != 0:
        raise ReadError("无法读取 PDF 的文字（文件可能已损坏）；请重新导出 PDF，或改用原始的 Word 文件")
    text = result.stdout.decode("utf-8", "replace")
    if not re.search(r"\w", text):
        raise ReadError(f"PDF 的 {pages} 页中没有文字层（多半是扫描件或照片），无法导入。"
                        "请先用 OCR 软件识别文字（如 ocrmypdf --language chi_sim），或改用原始的 Word / Excel 文件",
                        "RD402")
    lines: list[Line] = []
    for number, page in enumerate(text.split("\f"), 1):
        rows = [(n, row.rstrip()) for n, row in enumerate(page.splitlines(), 1) if row.strip()]
        margin = min((len(row) - len(row.lstrip()) for _, row in rows), default=0)
        # the page's left margin is layout, not indentation: only what is further in counts
        lines.extend(Line(row[margin:], n, 0, f"第 {number} 页") for n, row in rows)
    return lines
