"""Issue 16.7: `roledocs render --shard K/N` renders the K-th of N equal slices, so parallel CI
jobs share a full re-render: together they render every role once."""
from __future__ import annotations

import pytest

from support.render_project import REPO


@pytest.fixture(scope="module")
def render(cli):
    """`render(out, *args)`: `roledocs render -f md` of the repository's roles into `out`."""
    return lambda out, *args: cli("render", "-f", "md", "--root", REPO, "-o", out, *args)


@pytest.mark.parametrize("n", [1, 3, 4])
def test_the_shards_together_render_every_role_once(render, tmp_path, n):
    assert render(tmp_path / "all").returncode == 0
    everything = sorted(p.name for p in (tmp_path / "all").iterdir())
    seen = []
    for k in range(1, n + 1):
        out = tmp_path / f"shard-{k}"
        assert render(out, "--shard", f"{k}/{n}").returncode == 0
        seen.append(sorted(p.name for p in out.iterdir()))
    assert sorted(name for names in seen for name in names) == everything  # each role exactly once
    sizes = [len(names) for names in seen]
    assert max(sizes) - min(sizes) <= 1


def test_a_shard_of_a_department(render, tmp_path):
    assert render(tmp_path / "a", "-d", "sales", "--shard", "1/2").returncode == 0
    assert render(tmp_path / "b", "-d", "sales", "--shard", "2/2").returncode == 0
    assert render(tmp_path / "all", "-d", "sales").returncode == 0
    names = {p.name for p in (tmp_path / "a").iterdir()} | {p.name for p in (tmp_path / "b").iterdir()}
    assert names == {p.name for p in (tmp_path / "all").iterdir()}


@pytest.mark.parametrize("value, words", [("4/3", "K 应在 1 到 N 之间"), ("0/2", "K 应在 1 到 N 之间"),
                                          ("2", "应写成 K/N"), ("a/b", "应写成 K/N")])
def test_a_bad_shard_is_a_usage_error_and_writes_nothing(render, tmp_path, value, words):
    result = render(tmp_path / "out", "--shard", value)
    assert result.returncode == 2
    assert words in result.stderr
    assert not (tmp_path / "out").exists()
