"""Files the library writes: the path checked before any work starts, the file written beside its
place and renamed into it when complete, so that a half-written file never replaces a good one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError

__all__ = ["output_path", "replacing"]


def output_path(path: str | os.PathLike[str], *, suffixes: tuple[str, ...]) -> Path:
    """``path`` as a ``Path`` once it is known it can be written: one of ``suffixes``, in a folder
    that exists and can be written to, and not a directory. ``OutputError`` says what is wrong."""
    out = Path(path)
    shown = str(path)
    if out.suffix.lower() not in suffixes:
        raise OutputError(f"{shown}: the file must end in {' or '.join(suffixes)}")
    if out.is_dir():
        raise OutputError(f"{shown}: is a directory, not a file")
    folder = out.parent
    if not folder.is_dir():
        raise OutputError(f"{shown}: the folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise OutputError(f"{shown}: cannot be written (permission denied)")
    return out


@contextlib.contextmanager
def replacing(path: Path, mode: str = "wb") -> Iterator[IO[bytes]]:
    """A file to write ``path``'s new content into: beside it, renamed over it on success,
    removed on failure."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, mode) as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions ``path`` keeps if it exists, else those a new file gets (0o666 less the
    umask) — not the private 0o600 of a temporary file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
