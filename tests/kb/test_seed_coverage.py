"""Seed coverage: every duty and requirement statement of the legacy documents
(tests/fixtures/seeds/) must be represented somewhere in the knowledge base (roles/).

How it works:
- each seed is converted to Simplified Chinese (OpenCC t2s), web-page noise lines
  (download notices, copyright footers, page markers …) are dropped, and the text is
  split into statements at sentence ends and enumeration markers;
- a statement is normalised to CJK characters and digits only (this also removes broken
  characters such as `Fra bibliotek`); statements shorter than MIN_CHARS are headings
  and are skipped; run-on table text (cells glued together) is cut at commas into
  pieces of at most CHUNK characters;
- a statement is represented when at least THRESHOLD of its character bigrams occur in
  one text unit of the YAML files: a single string, or one mapping (a duty, a process
  step, a KPI …) taken as a whole, but never a whole file;
- statements deliberately left out are listed, with a reason, in
  tests/fixtures/seed_coverage_exclusions.yaml.

Only files inside the project are read.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import opencc
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT / "tests" / "fixtures" / "seeds"
ROLES_DIR = ROOT / "roles"
EXCLUSIONS_FILE = ROOT / "tests" / "fixtures" / "seed_coverage_exclusions.yaml"

MIN_CHARS = 8        # shorter statements are headings or table labels
CHUNK = 40           # run-on statements are checked in pieces of this many characters
THRESHOLD = 0.6      # share of a statement's bigrams that one YAML unit must contain
# Every statement that is not excluded must be represented: 739/739 when this was set. A
# statement HR drops on purpose goes into the exclusions file with its reason, not under a quota.
MAX_UNIT_CHARS = 1500  # a mapping longer than this is too broad to count as one unit

# Lines of the scraped web pages that are not document content.
NOISE_LINE = re.compile(
    r"下载|版权|免费阅读|展开阅读|已阅读\d+页|阅读器|预览|第\s*\d+\s*页\s*/|_第\d+页|VIP|"
    r"上传人|上传时间|由用户提供并上传|共赢上传|侵权|侵犯|举报|"
    r"相关文档|相似文档|文档编号|本文档|文档简介|\.doc|资源描述|首页|广告|关于我们|"
    r"客服电话|公网安备|ICP|关注我们|本站|人人文库|^\s*(提交)?评论\s*$|温馨提示|收藏|分销|"
    r"点击查看|©|自信AI|抽奖活动|包罗万象|盈利用途"
)
SENTENCE_END = re.compile(r"[。；;！!？?:：\n]")
ENUMERATION = re.compile(
    r"[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|IO)\s*[)）]"  # (1) （一） (IO) = OCR of (10)
    r"|(?<![\d.])\d{1,2}\s*[、.．](?!\d)"                          # 1、 1. but not 3.5
    r"|(?<!\d)\d{1,2}\)"                                             # 1)
    r"|[一二三四五六七八九十]{1,3}\s*、"                             # 一、
    r"|职责[一二三四五六七八九十]+[:：]?"                            # 职责一：
    r"|[♦•●※]|\s-\s"
)
EXCLUSION_KINDS = {"heading", "filler", "unrelated", "pledge", "duplicate", "overruled", "noise"}
CLAUSE = re.compile(r"[，,、.．]")
NOT_KEPT = re.compile(r"[^\u4e00-\u9fff0-9]")
VARIANTS = str.maketrans({"帐": "账"})  # 帐款 / 账款: the seeds mix both forms

_t2s = opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    return NOT_KEPT.sub("", _t2s.convert(text)).translate(VARIANTS)


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def split_statements(raw: str) -> list[str]:
    """Normalised statements of one seed, in order, without duplicates."""
    text = _t2s.convert(raw).replace("\\n", "\n")
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if NOISE_LINE.search(line):
            continue
        for sentence in SENTENCE_END.split(line):
            for piece in ENUMERATION.split(sentence):
                norm = normalise(piece)
                if len(norm) <= CHUNK * 2:
                    if len(norm) >= MIN_CHARS:
                        seen.setdefault(norm)
                    continue
                for chunk in _run_on_chunks(piece):
                    if len(chunk) >= MIN_CHARS:
                        seen.setdefault(chunk)
    return list(seen)


def _run_on_chunks(piece: str) -> list[str]:
    """Run-on table text (cells glued together): clauses between commas, merged up to
    CHUNK characters; a clause longer than that is cut into CHUNK-sized pieces."""
    chunks: list[str] = []
    current = ""
    for clause in CLAUSE.split(piece):
        norm = normalise(clause)
        while len(norm) > CHUNK:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(norm[:CHUNK])
            norm = norm[CHUNK:]
        if len(current) + len(norm) > CHUNK:
            chunks.append(current)
            current = ""
        current += norm
    chunks.append(current)
    return chunks


def load_exclusions() -> list[dict]:
    data = yaml.safe_load(EXCLUSIONS_FILE.read_text(encoding="utf-8")) or {}
    entries = data.get("exclusions", [])
    for entry in entries:
        assert {"seed", "kind", "reason", "contains"} <= set(entry), f"incomplete exclusion: {entry}"
        assert entry["kind"] in EXCLUSION_KINDS, f"unknown kind {entry['kind']!r}"
        assert (SEEDS_DIR / entry["seed"]).is_file(), f"no such seed: {entry['seed']}"
        entry["normalised"] = [normalise(s) for s in entry["contains"]]
    return entries


def excluded_by(seed: str, statement: str, exclusions: list[dict]) -> tuple[int, int] | None:
    for e, entry in enumerate(exclusions):
        if entry["seed"] != seed:
            continue
        for s, snippet in enumerate(entry["normalised"]):
            if snippet and snippet in statement:
                return e, s
    return None


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _units(value, out: list[str]) -> None:
    """Text units of one YAML value: every string, every list of strings, every mapping
    below the top level (a duty, a step, a KPI …) when it is not too long."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            out.append("".join(value))
        for v in value:
            _units(v, out)
    elif isinstance(value, dict):
        for v in value.values():
            _units(v, out)


def _file_units(data) -> list[str]:
    out: list[str] = []
    mappings: list[dict] = []

    def collect(value, depth):
        if isinstance(value, dict):
            if depth > 0:
                mappings.append(value)
            for v in value.values():
                collect(v, depth + 1)
        elif isinstance(value, list):
            for v in value:
                collect(v, depth + 1)

    collect(data, 0)
    _units(data, out)
    for mapping in mappings:
        joined = "".join(_strings(mapping)) + _threshold_text(mapping)
        if len(joined) <= MAX_UNIT_CHARS:
            out.append(joined)
    return out


def _threshold_text(mapping: dict) -> str:
    """A KPI's numeric thresholds as the seeds write them (「≥90%为合格，≥105%为优异」),
    so that the seeds' threshold statements are checked against the numbers themselves."""
    parts = []
    for key, label in (("pass", "为合格"), ("excellent", "为优异")):
        value = mapping.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(f"{value:g}{label}")
    return "".join(parts)


@lru_cache(maxsize=1)
def knowledge_base_units() -> dict[str, list[frozenset[str]]]:
    """Bigram sets of the text units of every YAML file under roles/, by file."""
    units = {}
    for path in sorted(ROLES_DIR.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        grams = {bigrams(normalise(u)) for u in _file_units(data)}
        units[path.relative_to(ROOT).as_posix()] = [g for g in grams if g]
    return units


def best_scores(statement: str, units: dict[str, list[frozenset[str]]]) -> dict[str, float]:
    """For each file, the largest share of the statement's bigrams that one unit holds."""
    grams = bigrams(statement)
    return {
        name: max((len(grams & unit) / len(grams) for unit in file_units), default=0.0)
        for name, file_units in units.items()
    }


@lru_cache(maxsize=1)
def coverage_table():
    """[(seed, statement, exclusion-or-None, {file: score})] for every seed statement."""
    exclusions = load_exclusions()
    units = knowledge_base_units()
    rows = []
    for seed_path in sorted(SEEDS_DIR.glob("*.txt")):
        for statement in split_statements(seed_path.read_text(encoding="utf-8")):
            hit = excluded_by(seed_path.name, statement, exclusions)
            scores = {} if hit else best_scores(statement, units)
            rows.append((seed_path.name, statement, hit, scores))
    return exclusions, rows


def represented(scores: dict[str, float], without: str | None = None) -> bool:
    return any(score >= THRESHOLD for name, score in scores.items() if name != without)


def test_seed_statements_are_represented(capsys):
    _, rows = coverage_table()
    per_seed: dict[str, list[bool]] = defaultdict(list)
    missing = []
    excluded = defaultdict(int)
    for seed, statement, hit, scores in rows:
        if hit:
            excluded[seed] += 1
            continue
        ok = represented(scores)
        per_seed[seed].append(ok)
        if not ok:
            missing.append(f"  {seed[:3]} {max(scores.values(), default=0):.2f} {statement}")
    lines = ["", "种子覆盖率（已表示 / 需覆盖，另有排除）："]
    total_ok = total = 0
    for seed in sorted(per_seed):
        flags = per_seed[seed]
        total_ok += sum(flags)
        total += len(flags)
        lines.append(f"  {seed}: {sum(flags)}/{len(flags)} = {sum(flags) / len(flags):.1%}"
                     f"（排除 {excluded[seed]} 条）")
    lines.append(f"  合计: {total_ok}/{total} = {total_ok / total:.1%}")
    if missing:
        lines.append("未覆盖的语句（种子 最高得分 语句）：")
        lines.extend(missing)
    with capsys.disabled():
        print("\n".join(lines))
    assert total >= 700, "too few statements extracted: the seed splitter is broken"
    assert sorted(per_seed) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    assert not missing, "种子语句没有进入知识库，也没有列入排除清单：\n" + "\n".join(lines)


def test_every_exclusion_matches_a_statement():
    exclusions, rows = coverage_table()
    statements = defaultdict(list)
    for seed, statement, _, _ in rows:
        statements[seed].append(statement)
    stale = [f"{entry['seed']}: {text}"
             for entry in exclusions
             for text, snippet in zip(entry["contains"], entry["normalised"])
             if not snippet or not any(snippet in s for s in statements[entry["seed"]])]
    assert not stale, "排除清单中的语句在种子中找不到：\n" + "\n".join(stale)


def test_excluded_noise_does_not_reach_the_knowledge_base():
    """Noise and unrelated passages are excluded because they are *not* in roles/."""
    exclusions, rows = coverage_table()
    units = knowledge_base_units()
    leaked = []
    for seed, statement, hit, _ in rows:
        if hit and exclusions[hit[0]].get("kind") in ("noise", "unrelated"):
            if represented(best_scores(statement, units)):
                leaked.append(f"{seed}: {statement}")
    assert not leaked, "被排除为噪声或无关内容的语句却出现在知识库中：\n" + "\n".join(leaked)


def _role_files_with_sources() -> list[str]:
    names = []
    for path in sorted(ROLES_DIR.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("sources"):
            names.append(path.relative_to(ROOT).as_posix())
    return names


@pytest.mark.parametrize("role_file", _role_files_with_sources())
def test_each_role_file_carries_seed_content(role_file):
    """Deleting any role file that names sources must lose seed statements: the test
    would then fail, so the coverage above is not carried by the library files alone."""
    _, rows = coverage_table()
    only_here = [statement for _, statement, hit, scores in rows
                 if not hit and represented(scores) and not represented(scores, without=role_file)]
    assert only_here, f"{role_file} 不含任何只在它里面出现的种子语句"


def test_the_matcher_is_discriminating():
    units = knowledge_base_units()
    unrelated = normalise("按照生产计划完成生产任务，喷涂流水线的协调与安排，提升品质及改善生产环境")
    assert not represented(best_scores(unrelated, units))
    related = normalise("定期拜访客户，维持、发展与客户的关系，并完成新市场开拓目标和新客户发展目标")
    assert represented(best_scores(related, units))
