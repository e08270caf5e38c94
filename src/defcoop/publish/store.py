"""The snapshot store ``<out>.d/`` of a build, and the proof of what the build created in it.

A store is a folder holding the marker file ``.defcoop-store`` (JSON)::

    {"format": "defcoop-store", "version": 1, "created": ["20260101T000000000000Z-42", ...]}

``created`` is the manifest: every name the build made in the store is written there
*before* the build makes it (snapshots, staging folders). The build removes only names
listed in the manifest; anything else in the store (a file a person put there, a folder
it did not make) is never touched. :func:`open_store` decides whether a folder may be
used at all:

- missing or empty: it becomes a store (marker with an empty manifest);
- marked: it is a store;
- a 0.1 store (no marker; only ``<stamp>-<pid>`` snapshots holding a ``datapackage.json``,
  ``.lock`` and ``.staging-*`` folders): adopted, its snapshots and staging folders
  listed in the new manifest;
- anything else (a file, a folder with other content): :class:`StoreError`, nothing
  written or removed.

Every change to the manifest is made under the store's lock (:func:`locked`) and written
atomically (temporary file, fsync, rename).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MARKER = ".defcoop-store"
LOCK = ".lock"
SNAPSHOT = re.compile(r"^[0-9]{8}T[0-9]{12}Z-[0-9]+$", re.ASCII)
"""A snapshot's name: UTC time stamp with microseconds, then the building process's id."""
_STAGING_01 = re.compile(r"^\.staging-[A-Za-z0-9_]+$", re.ASCII)


class StoreError(Exception):
    """The folder cannot be used as a store (it is a file, or holds what the build did not write)."""


def _describe(path: Path) -> str:
    if path.is_symlink():
        return "a symbolic link"
    if path.is_dir():
        return "a folder"
    return "a file" if path.is_file() else "a special file"


def classify(store: Path) -> tuple[str, list[str]]:
    """(kind, names) of a would-be store: ``new`` (missing or empty), ``marked``, ``v01`` (adoptable,
    names = what to list in the manifest) or ``foreign`` (names = the entries it does not recognise).

    Raises :class:`StoreError` when ``store`` exists and is not a folder, and OSError when it cannot be read.
    """
    if not store.exists() and not store.is_symlink():
        return "new", []
    if not store.is_dir():
        raise StoreError(f"{store} is {_describe(store)}, not a defcoop snapshot store (a folder); "
                         "remove it or choose another --out")
    names = sorted(os.listdir(store))
    if MARKER in names:
        return "marked", []
    if not names:
        return "new", []
    adopt, foreign = [], []
    for name in names:
        path = store / name
        if name == LOCK and path.is_file() and not path.is_symlink():
            continue
        if path.is_dir() and not path.is_symlink() and (
                _STAGING_01.match(name) or (SNAPSHOT.match(name) and (path / "datapackage.json").is_file())):
            adopt.append(name)
        else:
            foreign.append(name)
    return ("foreign", foreign) if foreign else ("v01", adopt)


def open_store(store: Path) -> None:
    """Make ``store`` usable: create it, or adopt a 0.1 store; raise :class:`StoreError` otherwise.

    Nothing is written when the store is refused.
    """
    kind, names = classify(store)
    if kind == "foreign":
        shown = ", ".join(repr(n) for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise StoreError(f"{store} is not a defcoop snapshot store (no {MARKER} marker) and holds what a build "
                         f"did not write: {shown}; nothing was changed. Choose another --out, or move those "
                         "entries away")
    if kind == "marked":
        _read_manifest(store)  # a damaged marker is refused before anything is written
        return
    store.mkdir(parents=True, exist_ok=True)
    _write_manifest(store, names, exclusive=True)


def _read_manifest(store: Path) -> list[str]:
    try:
        data = json.loads((store / MARKER).read_text("utf-8"))
        created = data["created"]
        if data.get("format") != "defcoop-store" or not all(isinstance(n, str) for n in created):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StoreError(f"{store / MARKER} is damaged; the build will not remove anything from {store}. "
                         "Choose another --out") from None
    return list(created)


def _write_manifest(store: Path, created: list[str], exclusive: bool = False) -> None:
    """Write the marker atomically; with ``exclusive`` only when none exists yet (two builds adopting)."""
    text = json.dumps({"format": "defcoop-store", "version": 1, "created": sorted(set(created))}, indent=1) + "\n"
    tmp = store / f"{MARKER}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    with open(tmp, "x", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        if exclusive:
            try:
                os.link(tmp, store / MARKER)  # fails if another build wrote the marker first
            except FileExistsError:
                pass
        else:
            os.replace(tmp, store / MARKER)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def locked(store: Path) -> Iterator[None]:
    """Hold the store's lock (one build of an output at a time)."""
    with open(store / LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def claim(store: Path, name: str) -> Path:
    """List ``name`` in the manifest (before the caller creates it); return its path. Call under the lock."""
    created = _read_manifest(store)
    _write_manifest(store, created + [name])
    return store / name


def make_staging(store: Path) -> Path:
    """Create a fresh staging folder (listed in the manifest first). Call under the lock."""
    while True:
        path = claim(store, f".staging-{os.getpid()}-{secrets.token_hex(6)}")
        try:
            path.mkdir(mode=0o755)
        except FileExistsError:  # not ours: unlist it and try another name
            _write_manifest(store, [n for n in _read_manifest(store) if n != path.name])
            continue
        path.chmod(0o755)  # whatever the umask: a published build is readable by all
        return path


def prune(store: Path, keep: set[str]) -> list[str]:
    """Remove what the manifest lists, except the names in ``keep``; unlist names that are gone.
    Call under the lock.

    Only entries the build created are removed: a listed name that is now a symbolic link is
    unlinked (never followed). Returns the names removed.
    """
    created = _read_manifest(store)
    removed, still = [], []
    for name in created:
        path = store / name
        if name in keep:
            still.append(name)
            continue
        try:
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
            removed.append(name)
        except FileNotFoundError:
            pass
        except OSError:
            still.append(name)  # e.g. a reader's open file on some systems: try again next build
    _write_manifest(store, still)
    return removed


def owns_link(out: Path, store: Path) -> bool:
    """Whether ``out`` is a symbolic link into ``store`` (one the build may replace)."""
    target = Path(os.path.normpath(out.parent / os.readlink(out)))
    return target.parent == Path(os.path.normpath(store.absolute()))
