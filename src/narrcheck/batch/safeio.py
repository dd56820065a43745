"""Writing outputs without ever losing a file: no output over an input, every write atomic.

* :func:`refuse_overwrite` says why an output path must not be used: it is
  an input (the same file through a link, a hard link or ``..`` too), or it
  lies inside a folder given as input (the next run would read it).
* :func:`atomic_write` writes to a temporary file in the target's folder
  and renames it into place, so a full disk or a kill leaves the old file
  or the new one, never a truncated one. Temporaries are named
  ``.NAME.narrcheck-PID.tmp``; :func:`clean_leftovers` removes those of
  processes that are gone.
* :func:`write_reason` turns an ``OSError`` into the few words a user needs
  (disk full, read-only, no such folder, permission denied).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from pathlib import Path

_TMP = re.compile(r"^\..+\.narrcheck-(\d+)\.tmp(?:\.\w+)?$")


def _resolve(p: str | Path) -> Path:
    try:
        return Path(os.path.abspath(p)).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(p))


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return _resolve(a) == _resolve(b)


def _inside(child: Path, folder: Path) -> bool:
    c, f = _resolve(child), _resolve(folder)
    return c == f or f in c.parents


def refuse_overwrite(output: str | Path, inputs: Iterable[str | Path], what: str = "output") -> str | None:
    """Why ``output`` must not be written (an input, or inside an input folder), or None when it is safe.

    For a folder output (batch ``--out``, ``--annotate-dir``) the same
    holds: it must not be an input file, an input folder or inside one.
    """
    out = Path(output)
    for raw in inputs:
        inp = Path(raw)
        try:
            is_dir = inp.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if _inside(out, inp):
                return (
                    f"the {what} {output} lies inside the input folder {raw}; "
                    "its files would be read as inputs next time"
                )
            continue
        if (out.exists() or out.is_symlink()) and _same(out, inp) or _resolve(out) == _resolve(inp):
            return f"the {what} {output} is the input {raw}; refusing to overwrite it"
    return None


def temp_for(target: Path) -> Path:
    """The temporary file next to ``target`` that :func:`atomic_write` renames into place."""
    return target.with_name(f".{target.name}.narrcheck-{os.getpid()}.tmp")


def atomic_write(target: str | Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``target`` through a temporary file in its folder and ``os.replace``.

    Raises ``OSError`` (the temporary removed) when the write fails; the
    old ``target``, if any, is then untouched.
    """
    target = Path(target)
    tmp = temp_for(target)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def clean_leftovers(folder: str | Path) -> int:
    """Remove ``.NAME.narrcheck-PID.tmp`` files of processes that no longer run; return how many."""
    n = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for e in entries:
        m = _TMP.match(e.name)
        if m and not _alive(int(m.group(1))):
            try:
                os.unlink(e.path)
                n += 1
            except OSError:
                pass
    return n


def write_reason(exc: BaseException) -> str:
    """A one-line reason for a failed write."""
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "disk is full" in str(exc) or "database or disk is full" in str(exc):
        return "disk full"
    if code == errno.EROFS or "readonly database" in str(exc) or "read-only" in str(exc).lower():
        return "read-only file system or read-only database"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.EDQUOT:
        return "disk quota exceeded"
    if code == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
