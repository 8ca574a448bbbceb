"""Remove what a web page or a scanned document adds to a job description.

Download notices, copyright and customer-service footers, page markers
(`…_第1頁`), the broken characters that text extraction leaves (`Fra bibliotek`,
`பைடு நூலகம்`), repeated lines; and Traditional Chinese is converted to
Simplified with OpenCC (t2s) when the text is Traditional.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from ..search.text import to_simplified
from .model import Line

# Whole lines that are page furniture, not content (matched after t2s conversion).
_NOISE_LINES = [re.compile(p) for p in (
    r"_?第\s*\d+\s*页\s*$",                       # 销售人员管理制度职责_第1页
    r"^第\s*\d+\s*页\s*[/／共]?\s*共?\s*\d+\s*页$",  # 第1页 / 共3页, 第 1 页 共 2 页
    r"^已阅读\s*\d+\s*页",
    r"^(下载本文档|下载文档|点击下载|立即下载|下载|收藏|分享|举报|评论|提交评论|展开阅读全文|点击查看更多.*|"
    r"温馨提示|相关|资源描述|文档简介|合集下载|全文预览|阅读全文|打印|客服|\d+/\d+|\|)$",
    r"收藏\s*分销|下载\s*相关\s*举报",
    r"版权(说明|所有|声明)|侵权|©|copyright",
    r"客服电话|投诉.{0,3}电话|维权电话|公网安备|ICP\s*备|ICP证|[浙京沪粤苏]B2-",
    r"上传人[:：]|文档编号[:：]|上传时间[:：]|格式[:：]\s*DOC|页数[:：]\s*\d+|大小[:：]\s*[\d.]+\s*[KM]B",
    r"开通\s*VIP|SVIP|VIP会员|成为共赢上传|相似文档|当前位置[:：]|关于我们|关注我们|微信公众号|页脚广告|AI助手|"
    r"AI导航|抽奖活动|便捷服务",
    r"^(评论|收藏|分享|点赞|浏览|阅读|回复|关注|下载)\s*[（(]?\s*\d+\s*[)）]?\s*次?$",  # 评论（2）: page widgets
    r"(浏览|阅读|访问)\s*[:：]?\s*\d+\s*次|^最后(编辑|修改|更新)(时间|人)?\s*[:：]|^最后(编辑|修改|更新)于\s*\d{4}",  # wiki page metadata
    r"^\s*\d+\s*[.、]\s*本站",                      # 1. 本站所有资源如无特殊说明…
    r"人人文库|本文档由用户提供|下载文件中如有侵权|不承担用户因使用",
    r"^\S+\.(doc|docx|pdf|txt)\s*$",                # 营销管理部职能分解.doc
    r"\.(png|jpg|gif)\S*",
    r"^0/\d+$",
    r"^[\s|:：\-—=_*]+$",                          # Markdown table rules, separator lines
    r"^(相关文档|最新文档|相关推荐|猜你喜欢|热门文档|精选文档|推荐文档)$",
    r"(下载|预览|退款|客服|侵犯|甄别).{0,20}文档|文档.{0,20}(下载|预览|退款|客服|侵犯|甄别)|人工客服|平台不提供",
)]

# Fragments that text extraction inserts into the middle of a sentence.
_BROKEN_FRAGMENTS = re.compile(
    r"Fra\s*bibliotek|பைடு\s*நூலகம்|Байду|百度文库|[\u0B80-\u0BFF]+|[\u0400-\u04FF]+|[\uE000-\uF8FF]|\uFFFD|\u200b")
# Inside enumerations OCR reads 1 as I or l: (IO) → (10), (l) → (1)
_OCR_NUMBERS = re.compile(r"[（(]([IlO0-9]{1,2})[)）]")


@dataclass
class CleanResult:
    """The cleaned lines, the lines removed (for the report) and whether the text was Traditional."""

    lines: list[Line]
    removed: list[Line] = field(default_factory=list)  # noise and duplicates, for the report
    converted: bool = False  # Traditional → Simplified




def looks_traditional(text: str) -> bool:
    """True when converting to Simplified changes a noticeable share of the Chinese characters."""
    sample = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:20000]
    if not sample:
        return False
    converted = to_simplified(sample)
    changed = sum(a != b for a, b in zip(sample, converted))
    return changed >= 3 and changed / len(sample) > 0.02


def normalize(text: str) -> str:
    """NFKC folds full-width letters and digits (ＡＢＣ１２) but we keep Chinese punctuation."""
    text = _BROKEN_FRAGMENTS.sub("", text)
    text = "".join(unicodedata.normalize("NFKC", ch) if ch.isalnum() and ord(ch) > 0xFF00 else ch for ch in text)
    text = _OCR_NUMBERS.sub(lambda m: "(" + m[1].replace("I", "1").replace("l", "1").replace("O", "0") + ")"
                            if re.search(r"\d|I|l", m[1]) else m[0], text)
    text = text.replace("\\n", " ")  # literal "\n" left by a scraper
    return re.sub(r"[ \t]{2,}", "  ", text).strip()


def is_noise(text: str) -> bool:
    """Whether a whole line is page furniture (download buttons, copyright, page numbers …)."""
    return any(p.search(text) for p in _NOISE_LINES)


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def _page_furniture(lines: list[Line]) -> set[str]:
    """Lines printed at the top or bottom of more than one page (a PDF's running header or footer)."""
    pages: dict[str, list[Line]] = {}
    for line in lines:
        if line.page.startswith("第"):  # printed pages (PDF), not the sheets of a workbook
            pages.setdefault(line.page, []).append(line)
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for page_lines in pages.values():
        for key in {_key(line.text) for line in page_lines[:2] + page_lines[-2:]}:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1 and key}


def clean_lines(lines: list[Line]) -> CleanResult:
    """The lines without noise, repeats and page furniture, in Simplified Chinese; what was removed, for the report."""
    converted = looks_traditional("\n".join(line.text for line in lines))
    result = CleanResult([], converted=converted)
    furniture = _page_furniture(lines)
    seen_long: set[str] = set()
    previous = None
    for line in lines:
        text = to_simplified(line.text) if converted else line.text
        text = normalize(text)
        kept = Line(text, line.number, line.indent, line.page)
        if not text or not _key(text) and len(text) < 3 or is_noise(text) or _key(text) in furniture:
            if text:
                result.removed.append(kept)
            continue
        key = _key(text)
        # the same line twice in a row (a title repeated by the page), or a long passage repeated later;
        # short repeated lines are labels (岗位职责, 协调沟通…) and belong to each role
        if key == previous or (len(key) >= 40 and key in seen_long):
            result.removed.append(kept)
            continue
        previous = key
        if len(key) >= 40:
            seen_long.add(key)
        result.lines.append(kept)
    return result
