"""The project's mkdocs.yml, read for `roledocs site --out` and written back without the plugin.

MkDocs reads it (`load_config`: the roledocs plugin's options with their defaults, docs_dir,
the nav). The copy for the output folder is made from PyYAML's node tree, not from the loaded
values: tags such as `!!python/name:material.extensions.emoji.twemoji` or `!ENV` stay tags
(no Python object needs to be dumped) and every other setting stays as the project wrote it.
"""
from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import EnvironmentProblem

PLUGIN = "roledocs"
HEADER = ("# 由 roledocs site 根据项目的 mkdocs.yml 生成：去掉了 roledocs 插件，导航、样式和页脚已按知识库展开。\n"
          "# 不要手工修改：下次运行 roledocs site 会覆盖。在本文件夹中运行 mkdocs build 或 zensical build。\n")


@dataclass
class ProjectConfig:
    """mkdocs.yml as MkDocs sees it, and the YAML it was written in."""

    path: Path
    settings: object      # MkDocs' validated config (a mapping)
    plugin: object        # the roledocs plugin's options (a mapping; the defaults when mkdocs.yml has no plugin)
    docs_dir: Path
    node: yaml.MappingNode

    @classmethod
    def read(cls, path: Path) -> "ProjectConfig":
        """Raises EnvironmentProblem (in Chinese) when mkdocs.yml is missing or MkDocs refuses it."""
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        from .plugin import RoledocsConfig

        if not path.is_file():
            raise EnvironmentProblem(f"找不到网站配置 {path}，无法写出网站页面。")
        try:
            text = path.read_text(encoding="utf-8")
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            settings = load_config(config_file=str(path))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ConfigurationError) as exc:
            raise EnvironmentProblem(f"网站配置 {path} 有错误，无法写出网站页面：{exc}") from None
        if not isinstance(node, yaml.MappingNode):
            raise EnvironmentProblem(f"网站配置 {path} 不是一组“名称: 值”的设置。")
        instance = settings.plugins.get(PLUGIN)
        if instance is not None:
            plugin = instance.config
        else:
            plugin = RoledocsConfig()
            plugin.load_dict({})
            plugin.validate()
        return cls(path, settings, plugin, Path(settings.docs_dir).resolve(), node)

    def without_plugin(self, changes: dict, *, docs_dir: str) -> str:
        """The YAML of a mkdocs.yml beside `docs_dir`: no roledocs plugin, `changes` applied (None
        removes a setting), INHERIT pointing at the project's file it named."""
        node = copy.deepcopy(self.node)
        plugins = _get(node, "plugins")
        if isinstance(plugins, yaml.SequenceNode):
            plugins.value = [p for p in plugins.value if _plugin_name(p) != PLUGIN]
        elif isinstance(plugins, yaml.MappingNode):
            plugins.value = [(k, v) for k, v in plugins.value if k.value != PLUGIN]
        inherit = _get(node, "INHERIT")
        if isinstance(inherit, yaml.ScalarNode):
            _set(node, "INHERIT", str((self.path.parent / inherit.value).resolve()))
        for key, value in {**changes, "docs_dir": docs_dir, "site_dir": "site"}.items():
            _set(node, key, value)
        return HEADER + yaml.serialize(node, allow_unicode=True, width=10_000)


def _plugin_name(item: yaml.Node) -> str | None:
    if isinstance(item, yaml.ScalarNode):
        return item.value
    if isinstance(item, yaml.MappingNode) and item.value:
        return item.value[0][0].value
    return None


def _get(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in node.value:
        if k.value == key:
            return v
    return None


def _set(node: yaml.MappingNode, key: str, value) -> None:
    """Set (or, with None, remove) one top-level setting, keeping the others' order."""
    kept = [(k, v) for k, v in node.value if k.value != key]
    if value is not None:
        represented = yaml.representer.SafeRepresenter(default_flow_style=False).represent_data(value)
        position = next((i for i, (k, _) in enumerate(node.value) if k.value == key), len(node.value))
        kept.insert(min(position, len(kept)), (yaml.ScalarNode("tag:yaml.org,2002:str", key), represented))
    node.value = kept
