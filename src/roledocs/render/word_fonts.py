"""The fonts of every Word file roledocs makes (the 岗位说明书 template, 招聘启事).

One font for every script of a run (Chinese, Latin, numbers). The Noto CJK fonts are what
Debian's fonts-noto-cjk installs (scripts/system-deps.sh), so LibreOffice there finds them by
name; Word on Windows lacks them and takes the font table's alternate names (w:altName)
first: 宋体 / 黑体, the customary pair of Chinese company documents. (宋体 itself is not an
option: LibreOffice on Debian ignores w:altName and sets the Latin text of a missing font in
DejaVu.) python-docx is imported by the caller: this module only edits its XML.
"""
from __future__ import annotations

BODY_FONT, HEADING_FONT = "Noto Serif CJK SC", "Noto Sans CJK SC"
FONT_TABLE = {  # name: (alternates for Word, panose of the alternate, w:family)
    BODY_FONT: ("宋体,SimSun", "02010600030101010101", "roman"),
    HEADING_FONT: ("黑体,SimHei", "02010609060101010101", "modern"),
}


def set_fonts(r_pr, font: str) -> None:
    """One font in all four rFonts slots of a run's (or style's) properties, no theme fonts (a
    theme attribute would override them); the eastAsia hint makes Word set ambiguous characters
    (“ ” · ≥) as Chinese."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    set_font_attributes(fonts, font)


def set_font_attributes(fonts, font: str) -> None:
    """`font` in every slot of a w:rFonts element."""
    from docx.oxml.ns import qn

    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    fonts.set(qn("w:hint"), "eastAsia")


def font_table(doc) -> None:
    """Declare the two fonts with their Windows alternates (w:altName) and GB2312 charset,
    so Word without Noto CJK takes 宋体 / 黑体 rather than guessing from metrics."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn
    from lxml import etree

    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = parse_xml(part.blob)
    for name, (alternates, panose, family) in FONT_TABLE.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alternates), ("w:panose1", panose), ("w:charset", "86"),
                           ("w:family", family), ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        table.append(font)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
