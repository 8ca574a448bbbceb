"""PDF through WeasyPrint, refusing to print tofu.

Without a CJK font WeasyPrint still exits 0 and draws empty boxes, logging
only a warning; without HarfBuzz subsetting every PDF takes seconds and
embeds whole fonts. Both are checked before rendering, and a `.notdef` glyph
during rendering fails the document instead of shipping it.
"""
from __future__ import annotations

import ctypes.util
import functools
import logging
import shutil
import subprocess
from typing import BinaryIO

from .errors import RenderEnvironmentError, RenderError

FONT_PACKAGE = "fonts-noto-cjk"
SUBSET_PACKAGE = "libharfbuzz-subset0"


@functools.lru_cache(maxsize=1)
def check_pdf_environment() -> None:
    """Raise RenderEnvironmentError (in Chinese, naming the Debian package) unless PDFs can be made."""
    if shutil.which("fc-list") is None:
        raise RenderEnvironmentError(
            "找不到 fc-list（fontconfig），无法确认系统有中文字体。"
            "请安装 Debian 软件包 fontconfig 和 fonts-noto-cjk：sudo apt-get install fontconfig fonts-noto-cjk")
    families = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True,
                              check=False).stdout.strip()
    if not families:
        raise RenderEnvironmentError(
            "系统没有中文字体，PDF 中的汉字会显示为方框。"
            f"请安装 Debian 软件包 {FONT_PACKAGE}：sudo apt-get install {FONT_PACKAGE}")
    if ctypes.util.find_library("harfbuzz-subset") is None:
        raise RenderEnvironmentError(
            "缺少 HarfBuzz 字体子集库，PDF 会嵌入完整字体（每个文件数十 MB）且生成很慢。"
            f"请安装 Debian 软件包 {SUBSET_PACKAGE}：sudo apt-get install {SUBSET_PACKAGE}")


class _MissingGlyphs(logging.Handler):
    """Collects WeasyPrint's `.notdef glyph rendered …` warnings during one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef" in message:
            self.messages.append(message)


def write_pdf(html: str, target: BinaryIO, *, name: str = "") -> None:
    """Render the HTML of a job description as PDF into target (an open binary file)."""
    check_pdf_environment()
    import weasyprint  # slow (0.4 s): only when a PDF is made

    logger = logging.getLogger("weasyprint")
    handler, level, disabled = _MissingGlyphs(), logger.level, logger.disabled
    logger.addHandler(handler)
    logger.disabled = False  # someone silenced WeasyPrint (level or disabled): we still need to hear this
    if not logger.isEnabledFor(logging.WARNING):
        logger.setLevel(logging.WARNING)
    try:
        weasyprint.HTML(string=html).write_pdf(target)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.disabled = disabled
    if handler.messages:
        detail = handler.messages[0].split(":", 1)[-1].strip()
        raise RenderError(
            f"{name}：PDF 中有字体无法显示的字符 {detail}，印出来会是方框。"
            f"请检查 YAML 中的特殊字符，或安装包含这些字符的字体（例如 {FONT_PACKAGE}）。")
