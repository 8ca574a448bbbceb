"""Operating-system errors in Chinese: a full disk, a read-only checkout, a missing folder.

Python's `strerror` is English ("No space left on device"); users read Chinese.
"""
from __future__ import annotations

import errno

_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "文件系统是只读的",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EEXIST: "已经存在",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EFBIG: "文件太大",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
    errno.EIO: "磁盘读写错误",
    errno.EBUSY: "正被其他程序占用",
    errno.EXDEV: "不能跨文件系统移动",
}


def reason(exc: OSError) -> str:
    """Why, in Chinese: 磁盘空间不足, 文件系统是只读的 …"""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    name = errno.errorcode.get(exc.errno or 0)
    return f"系统错误 {name}" if name else "系统错误"


def describe(exc: OSError, path=None) -> str:
    """`<path>：<reason>`, the path the error names (or `path`)."""
    where = exc.filename if exc.filename is not None else path
    return f"{where}：{reason(exc)}" if where is not None else reason(exc)
