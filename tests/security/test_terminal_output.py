"""Text from YAML or from a legacy file never drives the terminal: control characters are shown
(ESC → ␛), never sent. `roledocs search` used to print a title's escape sequences raw."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from support.search_project import copy_roles

from roledocs.terminal import safe

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # everything but tab and newline
PAYLOAD = "\x1b[2J\x1b]0;pwned\x07\x9b31m\r"


def test_safe_shows_every_control_character_one_for_one():
    shown = safe("销售" + PAYLOAD + "\t代表\n")
    assert not CONTROL.search(shown) and "\n" not in shown and "\t" in shown
    assert len(shown) == len("销售" + PAYLOAD + "\t代表\n")  # highlight offsets stay right
    assert shown.startswith("销售␛[2J␛]0;pwned␇")


def test_search_prints_yaml_text_with_control_characters_shown(cli, tmp_path):
    """An index that holds a hostile title and duty (built by the library from the real
    knowledge base, marked current so the CLI uses it as it is)."""
    from roledocs.search.index import _kb_files, _stat_signature, build_index, content_hash, default_index_path
    from roledocs.kb import open_knowledge_base

    project = copy_roles(tmp_path)
    kb = open_knowledge_base(project)
    role = kb.roles["sales-rep"]
    role.title = "销售代表" + PAYLOAD
    import dataclasses

    first = role.duties[0]
    role.duties = (dataclasses.replace(first, title=first.title + PAYLOAD,
                                       description="负责客户开发" + PAYLOAD + "和回款"), *role.duties[1:])
    roles_dir, files = _kb_files(project)
    build_index(kb, default_index_path(project), kb_hash=content_hash(roles_dir, files),
                stat_signature=_stat_signature(roles_dir, files))
    result = cli("search", "销售代表", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert "销售代表␛[2J" in result.stdout and not CONTROL.search(result.stdout)
    # at a terminal, with colour: only our own colour codes (SGR: ESC [ digits m)
    coloured = _at_a_terminal("search", "销售代表", "--root", str(project))
    assert "\x1b[1m" in coloured and "销售代表␛[2J" in coloured
    assert not CONTROL.search(re.sub(r"\x1b\[[0-9;]*m", "", coloured).replace("\r\n", "\n"))
    data = cli("search", "销售代表", "--json", "--root", str(project))
    assert "\\u001b[2J" in data.stdout and "\x1b" not in data.stdout  # JSON escapes it


def _at_a_terminal(*args) -> str:
    """The output of `roledocs ARGS` written to a pseudo-terminal (so colour is on)."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.Popen([sys.executable, "-m", "roledocs.cli", *args], stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8")


def test_validate_messages_quote_yaml_with_control_characters_shown(cli, tmp_path):
    project = copy_roles(tmp_path)
    role = project / "roles" / "sales" / "sales-rep.yaml"
    role.write_text(role.read_text(encoding="utf-8") + '"\\e[2Jbad\\akey": 1\n', encoding="utf-8")
    result = cli("validate", "--root", str(project))
    assert result.returncode == 1
    assert "sales-rep.yaml" in result.stdout and not CONTROL.search(result.stdout + result.stderr)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_import_drops_control_characters_of_legacy_files(cli, tmp_path, suffix):
    """They are never content: not in the report, not in the draft (validate would reject it)."""
    text = ("岗位名称：销售代表\x1b[2J\n岗位职责：\n1. 开发客户\x1b]0;pwned\x07\n"
            "2. 回款\n任职资格：大专\n无法归类的一行\x1b[31m\n")
    source = tmp_path / f"legacy{suffix}"
    source.write_text(text if suffix == ".txt" else "<p>" + text.replace("\n", "</p><p>") + "</p>", encoding="utf-8")
    result = cli("import", str(source), "--out", str(tmp_path / "drafts"))
    assert result.returncode in (0, 1), result.stderr
    drafts = [yaml.safe_load(d.read_text(encoding="utf-8")) for d in (tmp_path / "drafts").iterdir()]
    loaded = json.dumps(drafts, ensure_ascii=False)
    assert "开发客户]0;pwned" in loaded                     # the text stays, the control characters go
    assert not CONTROL.search(loaded) and not re.search(r"\\u00[01][0-9a-f]", loaded)  # json.dumps escapes C0
    assert not CONTROL.search(result.stdout + result.stderr)
