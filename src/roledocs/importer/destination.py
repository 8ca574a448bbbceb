"""Where `roledocs import` writes its drafts, checked before any file is read."""
from __future__ import annotations

from pathlib import Path

from ..errors import EnvironmentProblem, UsageError
from .readers import SUPPORTED_SUFFIXES


def check_sources(paths: list[Path]) -> None:
    """UsageError (exit 2) naming the files whose type the importer cannot read."""
    unsupported = [str(p) for p in paths if Path(p).suffix.lower() not in SUPPORTED_SUFFIXES]
    if unsupported:
        raise UsageError(f"不支持的文件类型：{'、'.join(unsupported)}。支持 {' '.join(SUPPORTED_SUFFIXES)}；"
                         "旧的 .doc 文件请先在 Word 中另存为 .docx。")


def drafts_folder(root: Path, out_dir: Path | None = None) -> tuple[Path, str]:
    """(the folder the drafts go to, created if needed; a warning for the user or "").

    Default: <project>/roles/_drafts/, which validation and the site skip. A folder inside
    roles/ whose name does not start with _ is allowed, with a warning: there the drafts
    would be validated and published as real roles."""
    from ..kb.load import find_roles_dir

    roles_dir = find_roles_dir(root)
    if out_dir is None:
        if not roles_dir.is_dir():
            raise EnvironmentProblem(f"在 {root} 找不到知识库文件夹 roles/，不知道草稿该写到哪里。"
                                     "请在项目目录中运行，或用 --root 指定项目，或用 --out 指定输出文件夹。")
        out_dir = roles_dir / "_drafts"
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} 不是文件夹。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ..oserrors import reason

        raise EnvironmentProblem(f"无法创建输出文件夹 {out_dir}：{reason(exc)}") from exc
    inside = out_dir.resolve().parts
    roles = roles_dir.resolve().parts
    if inside[:len(roles)] == roles and not any(p.startswith(("_", ".")) for p in inside[len(roles):]):
        return out_dir, (f"注意：{out_dir} 在知识库 roles/ 中，但文件夹名不以 _ 开头：校验和网站会把草稿当作正式岗位。"
                         "建议用默认的 roles/_drafts/。")
    return out_dir, ""
