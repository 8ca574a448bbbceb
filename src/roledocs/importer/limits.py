"""How big a legacy file may be, checked before it is parsed.

A 0.95 MB .docx can hold 300 MB of XML (a zip bomb): parsing it took 224 s and 7.5 GB.
The sizes that matter are known before any parsing: a file's size on disk, and for
a .docx the uncompressed size of each part, from the zip directory (zipfile never
inflates a part beyond the size the directory gives, so the directory cannot lie
its way past the check). Real job descriptions are far below every limit: a .docx
of one is 20–300 KB of XML; a text file of 1,000 of them is about 10 MB.

Measured (import, 2-core machine): a 4.5 MB text file takes 13 s and 170 MB; a .docx
with 3.2 MB of XML 18 s and 120 MB. Every rejected file costs milliseconds and a few MB
(a 30 MB .docx with 300,000 zip entries: 180 MB to read its directory).

An .xlsx is a zip of XML like a .docx and gets the same checks, plus a cap on the rows and
columns of a sheet (openpyxl builds an object per cell). A PDF is read by poppler's pdftotext
in its own process: the file size and page count are checked first, and the process gets a
time limit, so a crafted PDF cannot hang a batch.
"""
from __future__ import annotations

import stat
import zipfile
from pathlib import Path

MiB = 1024 * 1024
MAX_TEXT_BYTES = 10 * MiB           # .txt, .md, .html on disk
MAX_DOCX_BYTES = 30 * MiB           # the .docx or .xlsx file on disk (its zip directory is read into memory)
MAX_DOCX_XML_BYTES = 10 * MiB       # its XML parts, uncompressed: what python-docx / openpyxl parse
MAX_DOCX_PARTS_BYTES = 100 * MiB    # all its parts (images too), uncompressed: both libraries load them all
MAX_SHEET_ROWS = 10_000             # rows of one Excel sheet (a job description has tens)
MAX_SHEET_COLUMNS = 100             # columns of one Excel sheet
MAX_PDF_BYTES = 30 * MiB            # a .pdf on disk
MAX_PDF_PAGES = 100                 # pages read from a PDF (a job description has one to five)
PDF_SECONDS = 60                    # pdftotext's time for one file: a crafted PDF must not hang a batch


def _mib(size: int) -> str:
    return f"{size / MiB:.1f} MB"


def size_problem(path: Path) -> str | None:
    """Why `path` is too big to import (Chinese), or None."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
        return "不是普通文件（可能是管道或设备），无法导入"
    size = status.st_size
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if size > MAX_PDF_BYTES:
            return (f"PDF 文件太大（{_mib(size)}，上限 {_mib(MAX_PDF_BYTES)}）：一份岗位说明书通常只有几百 KB。"
                    "请只导出岗位说明书那几页再导入")
        return None
    if suffix not in (".docx", ".xlsx"):
        if size > MAX_TEXT_BYTES:
            return (f"文件太大（{_mib(size)}，上限 {_mib(MAX_TEXT_BYTES)}）：一份岗位说明书通常只有几十 KB。"
                    "请把文件拆成几个较小的文件再导入")
        return None
    kind = "Word" if suffix == ".docx" else "Excel"
    if size > MAX_DOCX_BYTES:
        return (f"{kind} 文件太大（{_mib(size)}，上限 {_mib(MAX_DOCX_BYTES)}）：请删除其中的大图片，"
                "或把文件拆成几个较小的文件再导入")
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip at all: the Word or Excel reader says so in its own words
    xml = sum(p.file_size for p in parts if p.filename.lower().endswith((".xml", ".rels", ".vml")))
    total = sum(p.file_size for p in parts)
    if xml > MAX_DOCX_XML_BYTES:
        return (f"{kind} 文件解压后的文字内容（XML）有 {_mib(xml)}，超过上限 {_mib(MAX_DOCX_XML_BYTES)}："
                "文件可能已损坏或被恶意构造（压缩炸弹），没有导入。正常的岗位说明书不到 1 MB")
    if total > MAX_DOCX_PARTS_BYTES:
        return (f"{kind} 文件解压后有 {_mib(total)}，超过上限 {_mib(MAX_DOCX_PARTS_BYTES)}："
                "请删除其中的大图片或附件后再导入")
    return None
