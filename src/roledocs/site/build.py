"""Build the MkDocs site in this process, from a knowledge base already validated.

`roledocs build` validates once and hands the report to the roledocs plugin (which would
otherwise validate again in `on_config`); MkDocs runs through its Python API, and its log
lines reach the user in Chinese (the few it always prints are translated, other warnings
are marked as MkDocs's own).
"""
from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from ..errors import EXIT_PROBLEMS, RoledocsError

# MkDocs's routine lines → Chinese (None: not shown)
_ROUTINE = [
    (re.compile(r"Cleaning site directory"), None),
    (re.compile(r"Building documentation to directory: (.*)"), "正在生成网站页面……"),
    (re.compile(r"Documentation built in ([\d.]+) seconds"), "网站页面生成用时 {0} 秒。"),
]


class SiteBuildFailed(RoledocsError):
    """MkDocs stopped (a configuration or build error): the old site is left as it was."""

    exit_code = EXIT_PROBLEMS


class _ChineseLog(logging.Handler):
    """MkDocs's log for people: routine lines in Chinese, warnings and errors marked, the
    rest (English chatter at INFO) left out."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for pattern, chinese in _ROUTINE:
            match = pattern.fullmatch(message)
            if match:
                if chinese:
                    print(chinese.format(*match.groups()), file=sys.stderr)
                return
        if record.levelno >= logging.WARNING:
            who = "" if record.name.startswith("mkdocs.plugins.roledocs") else "（MkDocs）"
            level = "错误" if record.levelno >= logging.ERROR else "警告"
            print(f"{level}{who}：{message}", file=sys.stderr)


def build_site(config_file: Path, site_dir: Path, report=None) -> None:
    """Build the site of `config_file` into `site_dir` (cleaned first); `report`: the validation
    of the knowledge base the plugin would otherwise repeat. Raises SiteBuildFailed."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _ChineseLog(logging.INFO)
    logger.addHandler(handler)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False  # not also through the root logger
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        if "jieba" in sys.modules:  # imported by Material's search plugin; says "Building prefix dict…" in English
            sys.modules["jieba"].setLogLevel(logging.WARNING)
        plugin = config.plugins.get("roledocs")
        if plugin is not None and report is not None:
            plugin.validated = report
        build(config)
    except ConfigurationError as exc:
        raise SiteBuildFailed(f"网站配置 {config_file} 有错误，网站没有生成。MkDocs 的原话：{exc.format_message()}") from None
    except MkDocsException as exc:  # Abort is also a SystemExit: caught here first
        raise SiteBuildFailed(f"网站构建失败：{exc.format_message()}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
