"""Oversized legacy files are refused before they are parsed, quickly and in little memory.

A 0.95 MB .docx that expands to 300 MB of XML used to make `import` run 224 s and peak at
7.5 GB. The peak memory of the real `roledocs import` process is measured (wait4).
"""
from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

from support.process_tools import run_measured

from roledocs.importer.limits import MAX_DOCX_XML_BYTES, MAX_TEXT_BYTES, MiB

REPO = Path(__file__).resolve().parents[2]
MEMORY_LIMIT_MIB = 500
JD = (REPO / "tests" / "fixtures" / "import" / "trainer.txt").read_text(encoding="utf-8")


def write_docx_bomb(path: Path, xml_mib: int) -> None:
    """A valid Word package whose document.xml inflates to `xml_mib` MiB of real paragraphs."""
    import docx

    docx.Document().save(path)
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    head, _, tail = parts["word/document.xml"].partition(b"<w:body>")
    paragraph = "<w:p><w:r><w:t>负责客户开发与维护，完成销售目标</w:t></w:r></w:p>".encode("utf-8")
    chunk = paragraph * (MiB // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, data in parts.items():
            if name != "word/document.xml":
                package.writestr(name, data)
        with package.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(head + b"<w:body>")
            for _ in range(xml_mib):
                document.write(chunk)
            document.write(tail)


def _import(tmp_path: Path, source: Path):
    return run_measured([sys.executable, "-m", "roledocs.cli", "import", str(source), "--out", str(tmp_path / "out")],
                        tmp_path, timeout=180)


@pytest.mark.slow
def test_a_docx_bomb_is_refused_before_parsing(tmp_path):
    bomb = tmp_path / "岗位说明书.docx"
    write_docx_bomb(bomb, xml_mib=200)
    assert bomb.stat().st_size < 2 * MiB          # small on disk …
    with zipfile.ZipFile(bomb) as package:       # … about 200 MiB of XML inside
        assert package.getinfo("word/document.xml").file_size > 190 * MiB
    code, out, err, peak = _import(tmp_path, bomb)
    assert code == 1, out + err
    assert "压缩炸弹" in out and f"{MAX_DOCX_XML_BYTES / MiB:.1f} MB" in out
    assert "Traceback" not in out + err
    assert peak < MEMORY_LIMIT_MIB, f"peak memory {peak:.0f} MiB"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_a_text_file_over_the_limit_is_refused_before_reading(tmp_path, suffix):
    big = tmp_path / f"全部岗位{suffix}"
    with open(big, "w", encoding="utf-8") as f:  # real job descriptions, repeated past the limit
        while f.tell() <= MAX_TEXT_BYTES:
            f.write(JD * 50)
    code, out, err, peak = _import(tmp_path, big)
    assert code == 1, out + err
    assert "文件太大" in out and f"上限 {MAX_TEXT_BYTES / MiB:.1f} MB" in out
    assert peak < MEMORY_LIMIT_MIB, f"peak memory {peak:.0f} MiB"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_real_word_file_is_far_below_the_limits(tmp_path):
    """The limits leave room: a Word file with 100 job descriptions in it still imports."""
    import docx

    document = docx.Document()
    for _ in range(100):
        for line in JD.splitlines():
            document.add_paragraph(line)
    path = tmp_path / "培训专员.docx"
    document.save(path)
    code, out, err, _ = _import(tmp_path, path)
    assert code == 0, out + err
    assert "培训专员" in out


def test_the_limits_are_documented():
    security = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    for limit in (MAX_TEXT_BYTES, MAX_DOCX_XML_BYTES):
        assert f"{limit // MiB} MB" in security


def test_a_pipe_named_like_a_text_file_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "岗位说明书.txt"
    os.mkfifo(fifo)
    code, out, err, _ = _import(tmp_path, fifo)
    assert code == 1, out + err
    assert "不是普通文件" in out
