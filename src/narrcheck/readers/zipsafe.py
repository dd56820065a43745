"""Opening .docx/.xlsx zip packages with their limits checked before any part is parsed.

A zip member's uncompressed size is in the central directory, so a part
that would unzip to gigabytes (a zip bomb, a 3 GB zero-filled "image") is
refused, or never touched when the reader does not need it, before one byte
of it is inflated. Python's ``zipfile`` never inflates more than the size a
member declares, so a lying header cannot get past the check either (the
CRC fails instead). XML parts must not declare a DTD: OOXML never does, and
refusing it turns entity expansion off for every parser downstream.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

from ..model import ReadError

_MB = 1024 * 1024
_RATIO_FLOOR = 10 * _MB  # the ratio check applies to members unzipping to more than this
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _mb(n: int) -> str:
    return f"{n / _MB:.0f} MB" if n >= 10 * _MB else f"{n / _MB:.1f} MB"


def open_zip(data: bytes, fmt: str) -> zipfile.ZipFile:
    """The package as a ZipFile; ReadError when it is not a readable zip."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError(f"broken .{fmt}: not a valid zip archive (truncated?)") from None
    except (OSError, ValueError, EOFError) as exc:
        raise ReadError(f"broken .{fmt}: {str(exc)[:200] or type(exc).__name__}") from None


def check_members(z: zipfile.ZipFile, fmt: str, limits: Any, needed: Callable[[str], bool]) -> None:
    """Refuse the package when a part the reader needs is too big or too compressed.

    Only the central directory is read. ``needed(name)`` says which members
    the reader will parse; the others (media, embedded objects) are never
    opened. Checked: each needed member's uncompressed size against
    ``limits.max_unzipped``, their sum against twice that, and the
    compression ratio (``limits.max_ratio``) of members over 10 MB.
    """
    cap = int(getattr(limits, "max_unzipped", 100 * _MB))
    ratio = int(getattr(limits, "max_ratio", 200))
    infos = z.infolist()
    if len(infos) > 10_000:
        raise ReadError(f"the .{fmt} package has {len(infos)} parts, over the cap of 10000 parts")
    total = 0
    for info in infos:
        if info.is_dir() or not needed(info.filename):
            continue
        size = info.file_size
        if size > cap:
            raise ReadError(
                f"the .{fmt} part {info.filename} unzips to {_mb(size)}, "
                f"over the {_mb(cap)} cap on an uncompressed part"
            )
        if size > _RATIO_FLOOR and size > ratio * max(1, info.compress_size):
            raise ReadError(
                f"the .{fmt} part {info.filename} is compressed {size // max(1, info.compress_size)}:1, "
                f"over the {ratio}:1 cap (a zip bomb?)"
            )
        total += size
        if total > 2 * cap:
            raise ReadError(
                f"the .{fmt} parts to read unzip to over {_mb(2 * cap)} together (cap on uncompressed parts)"
            )


def read_member(z: zipfile.ZipFile, name: str, fmt: str) -> bytes:
    """One member's bytes (its size already checked); ReadError when missing, broken or declaring a DTD."""
    try:
        data = z.read(name)
    except KeyError:
        raise ReadError(f"broken .{fmt}: missing part '{name}'") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"broken .{fmt}: part {name}: {str(exc)[:200] or type(exc).__name__}") from None
    refuse_dtd(data, name, fmt)
    return data


def refuse_dtd(data: bytes, name: str, fmt: str) -> None:
    """Refuse an XML part with a DTD or entity declaration before its root element (no entity expansion)."""
    head = data[:4096]
    root = re.search(rb"<[A-Za-z_]", head)
    prolog = head[: root.start()] if root else head
    if _DTD.search(prolog.replace(b"\x00", b"")):
        raise ReadError(f"the .{fmt} part {name} declares a DTD or entities (never in Office files; refused)")


def xml_member(name: str) -> bool:
    """XML parts (what Office readers parse); media and binary parts are never read."""
    low = name.lower()
    return low.endswith((".xml", ".rels"))
