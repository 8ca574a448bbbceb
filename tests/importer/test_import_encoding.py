"""Legacy text files in Big5 (Taiwan, Hong Kong) and GBK (mainland): each decoded as what it is.

A Big5 file used to be decoded as GB18030 into mojibake, with exit 0 and 繁体已转换为简体.
Real files made here: the fixtures and seeds, in Traditional Chinese encoded as Big5
(cp950, what Windows writes) and in Simplified Chinese encoded as GBK.
"""
from __future__ import annotations

from pathlib import Path

import pytest


from roledocs.importer.encoding import EncodingError, decode_text
from roledocs.search.text import to_traditional

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt")) + [
    REPO / "tests" / "fixtures" / "import" / name for name in ("trainer.txt", "warehouse_supervisor.txt")]


def _encodable(text: str, encoding: str) -> str:
    """The text without the few characters the legacy encoding has no code for (as a legacy editor saves it)."""
    return text.encode(encoding, errors="ignore").decode(encoding)


def _drafts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def _import(cli, source: Path, out: Path):
    result = cli("import", str(source), "--out", str(out))
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_big5_and_gbk_files_import_exactly_like_the_same_text_in_utf8(cli, tmp_path, source):
    original = source.read_text(encoding="utf-8")
    for encoding, text in (("cp950", to_traditional(original)), ("gbk", original)):
        text = _encodable(text, encoding)
        (tmp_path / encoding / "utf8").mkdir(parents=True)
        (tmp_path / encoding / "legacy").mkdir()
        (tmp_path / encoding / "utf8" / source.name).write_text(text, encoding="utf-8")
        (tmp_path / encoding / "legacy" / source.name).write_bytes(text.encode(encoding))
        expected = _import(cli, tmp_path / encoding / "utf8" / source.name, tmp_path / encoding / "from-utf8")
        legacy = _import(cli, tmp_path / encoding / "legacy" / source.name, tmp_path / encoding / "from-legacy")
        assert legacy.returncode == expected.returncode, legacy.stdout + legacy.stderr
        assert _drafts(tmp_path / encoding / "from-legacy") == _drafts(tmp_path / encoding / "from-utf8"), encoding
        converted = "繁体已转换为简体" in legacy.stdout
        assert converted == ("繁体已转换为简体" in expected.stdout) and (converted or encoding == "gbk")


def test_every_role_file_is_told_apart_as_big5_or_gbk():
    """The decision itself, on every file of the knowledge base (short and long, many fields)."""
    for path in sorted((REPO / "roles").rglob("*.yaml")):
        simplified = _encodable(path.read_text(encoding="utf-8"), "gbk")
        traditional = _encodable(to_traditional(simplified), "cp950")
        assert decode_text(traditional.encode("cp950")) == (traditional, "big5"), path.name
        assert decode_text(simplified.encode("gbk")) == (simplified, "gb18030"), path.name


def test_a_file_too_short_to_tell_is_refused_with_the_conversion_command(cli, tmp_path):
    source = tmp_path / "区域.txt"
    source.write_bytes("區域".encode("cp950"))  # also reads as GBK: «絀办»-like nonsense that looks just as common
    with pytest.raises(EncodingError):
        decode_text(source.read_bytes())
    result = _import(cli, source, tmp_path / "out")
    assert result.returncode == 1
    assert "iconv -f BIG5 -t UTF-8" in result.stdout and "iconv -f GBK -t UTF-8" in result.stdout
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
