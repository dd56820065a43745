"""Which files a batch checks: directories walked, list files read, paths deduplicated and sorted."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

SUFFIXES = (".txt", ".pdf", ".docx", ".xlsx", ".xls", ".html", ".htm")


def _is_list_file(p: Path) -> bool:
    """A list of paths: ``@file``, any file without a disclosure suffix, or a .txt whose lines all name files."""
    if p.suffix.lower() not in SUFFIXES:
        return True
    if p.suffix.lower() != ".txt":
        return False
    try:
        with open(p, "rb") as fh:
            head = fh.read(64 * 1024)
        lines = [
            ln.strip() for ln in head.decode("utf-8").splitlines() if ln.strip() and not ln.strip().startswith("#")
        ]
    except (OSError, UnicodeDecodeError):
        return False
    if not lines or len(head) == 64 * 1024:
        return False
    return all("\0" not in ln and (Path(ln).is_file() or (p.parent / ln).is_file()) for ln in lines[:200])


_SKIP_DIRS = {"__pycache__", "node_modules", "site-packages", "venv", "env"}


def display_path(path: str) -> str:
    """``path`` as text that can be printed and stored: bytes that are not UTF-8 shown as ``\\xNN``.

    ``os`` functions give such bytes back as lone surrogates (PEP 383); the
    real path is kept for opening the file, this one for every report.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _skip_dir(root: str, name: str) -> bool:
    """Hidden folders, virtual environments and package caches hold no disclosures."""
    if name.startswith(".") or name in _SKIP_DIRS:
        return True
    return os.path.exists(os.path.join(root, name, "pyvenv.cfg"))


def _inside(path: str, folder_real: str) -> bool:
    real = os.path.realpath(path)
    return real == folder_real or real.startswith(folder_real.rstrip(os.sep) + os.sep)


def why_not_a_file(path: str) -> str:
    """'' for a regular file (or one that is missing: reported later); otherwise why it is not opened."""
    from ..readers import special_kind

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    kind = special_kind(mode)
    return "" if kind in ("", "a directory") else f"{kind}, not opened"


def walk(d: Path, skipped: list[tuple[str, str]] | None = None, follow_links: bool = False) -> list[str]:
    """Disclosures under folder ``d``, sorted; what was left out goes to ``skipped`` as (shown path, why).

    Never opens a file: FIFOs, sockets and devices (also behind a link) are
    skipped with their reason; links to files outside ``d`` are not followed
    unless ``follow_links``; links to folders are never descended (no
    cycles); hidden folders, virtual environments and caches are not walked.
    """
    skipped = skipped if skipped is not None else []
    top = os.path.realpath(d)
    out = []
    for root, dirs, files in os.walk(d):
        dirs[:] = sorted(x for x in dirs if not _skip_dir(root, x))
        for name in sorted(files):
            if not name.lower().endswith(SUFFIXES) or name.startswith("~$"):
                continue
            full = os.path.join(root, name)
            if os.path.islink(full) and not follow_links and not _inside(full, top):
                skipped.append((display_path(full), "a link leaving the input folder; not followed (--follow-links)"))
                continue
            why = why_not_a_file(full)
            if why:
                skipped.append((display_path(full), why))
                continue
            out.append(full)
    return out


def _stem_key(path: str) -> tuple[str, str]:
    """(folder, stem) compared as a person would: NFC and case folded, so 决算.DOCX and 决算.xlsx match."""
    folder, name = os.path.split(os.path.abspath(path))
    return folder, unicodedata.normalize("NFC", name.rsplit(".", 1)[0]).casefold()


def pair_documents(paths: list[str]) -> list[tuple[str, str | None]]:
    """Each document to check with its separate tables file, in the order of ``paths``.

    A .docx and an .xlsx/.xls of the same stem in the same folder are one
    document, as editors keep them (说明 in Word, its tables in Excel): the
    pair is (the .docx, the workbook) and the workbook is not checked on its
    own. When a stem has several of either, nothing is paired (which tables
    belong to which draft is not clear).
    """
    words: dict[tuple[str, str], list[str]] = {}
    books: dict[tuple[str, str], list[str]] = {}
    for p in paths:
        suffix = os.path.splitext(p)[1].lower()
        if suffix == ".docx":
            words.setdefault(_stem_key(p), []).append(p)
        elif suffix in (".xlsx", ".xls"):
            books.setdefault(_stem_key(p), []).append(p)
    partner = {ws[0]: books[k][0] for k, ws in words.items() if len(ws) == 1 and len(books.get(k, [])) == 1}
    taken = set(partner.values())
    return [(p, partner.get(p)) for p in paths if p not in taken]


def _read_list(p: Path, warnings: list[str]) -> list[str]:
    out = []
    text = p.read_text(encoding="utf-8-sig", errors="replace")
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "\0" in line:
            warnings.append(f"{p}:{n}: path contains a NUL byte; skipped")
            continue
        q = Path(line)
        if not q.is_absolute() and not q.exists() and (p.parent / q).exists():
            q = p.parent / q
        out.append(str(q))
    return out


def collect(
    args: list[str],
    warnings: list[str] | None = None,
    skipped: list[tuple[str, str]] | None = None,
    follow_links: bool = False,
) -> list[str]:
    """Absolute paths of every file to check, sorted and deduplicated.

    Each argument is a directory (walked recursively for .txt .pdf .docx .xlsx
    .xls), a list file (``@list``, a file without one of those suffixes, or a
    .txt file whose every line names an existing file; one path per line,
    relative to the working directory or to the list's folder; ``#`` starts a
    comment), or a file to check. A path that does not exist is kept: it is
    recorded as an error rather than silently dropped. What a folder walk
    leaves out (special files, links leaving the folder) goes to ``skipped``.
    """
    warnings = warnings if warnings is not None else []
    found: list[str] = []
    for arg in args:
        if "\0" in arg:
            warnings.append("an argument contains a NUL byte; skipped")
            continue
        explicit_list = arg.startswith("@") and not os.path.exists(arg)
        p = Path(arg[1:] if explicit_list else arg)
        if p.is_dir():
            found.extend(walk(p, skipped, follow_links))
        elif p.is_file() and (explicit_list or _is_list_file(p)):
            found.extend(_read_list(p, warnings))
        else:
            found.append(str(p))
    return sorted({os.path.abspath(f) for f in found})


def sha256_of(path: str) -> tuple[str, int]:
    """(hex sha256, size) of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


_UNSAFE = re.compile(r"[^\w.-]+")


def report_name(path: str, suffix: str = ".html") -> str:
    """A file name for ``path``'s report: sanitised stem + short hash of the full path.

    Only letters, digits (any script), ``_``, ``-`` and inner dots survive,
    so the name cannot hold a separator, ``..``, a NUL or a drive; the hash
    keeps equal stems in different folders apart.
    """
    stem = unicodedata.normalize("NFC", os.path.basename(path.replace("\\", "/")))
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    stem = _UNSAFE.sub("_", stem.replace("\0", "")).replace("..", "_").strip("._-")[:60] or "document"
    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{stem}-{digest}{suffix}"


def report_path(reports_dir: Path, path: str, suffix: str = ".html") -> Path:
    """``reports_dir / report_name(path)``, checked to stay inside ``reports_dir``."""
    target = (reports_dir / report_name(path, suffix)).resolve()
    if target.parent != reports_dir.resolve():
        raise ValueError(f"report name for {path!r} escapes the output folder")
    return target
