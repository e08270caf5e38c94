"""Read one YAML record file into plain Python values with their positions.

Composition (the YAML grammar) is PyYAML's (libyaml's C composer when available);
interpretation is ours, so that
YAML's implicit typing cannot change a curator's text: every scalar is a ``str``
(NFC-normalised), except a plain ``null``/``~``/empty value, which is ``None``.
``no`` stays ``"no"``, ``2023-05-23`` stays ``"2023-05-23"``, ``1e9`` stays
``"1e9"``; the pydantic models parse them. Duplicate keys, anchors/aliases, merge
keys, explicit tags, tabs, a BOM and invalid UTF-8 are errors with a position.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem

MAX_BYTES = 1 << 20
MAX_DEPTH = 20
_STR, _NULL, _MAP, _SEQ, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "null", "map", "seq", "merge"))
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))

Path_ = tuple[str | int, ...]
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C composer when installed


@dataclass
class Document:
    """A parsed record file: ``data`` (dict/list/str/None), its text and display path.

    Positions are looked up on demand (:meth:`where`) by composing the text again, so
    reading a valid file costs no position bookkeeping and keeps no node tree alive.
    """

    path: str
    data: Any = None
    text: str = field(default="", repr=False)
    _root: Any = field(default=None, repr=False)
    _index: dict[int, dict[str, tuple[Any, Any]]] = field(default_factory=dict, repr=False)

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path`` or, failing that, its nearest parent.

        The first call composes the text again (O(file size)); each mapping's keys are indexed on
        first use, so locating k problems in one file costs O(file size + k * depth), not O(k * keys).
        """
        if self._root is None and self.text:
            try:
                self._root = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
        if node is None:
            return (1, 1)
        for step in path:
            if isinstance(node, MappingNode) and isinstance(step, str):
                found = self._keys(node).get(step)
                if found is None:
                    break
                key_node, value_node = found
                empty = isinstance(value_node, ScalarNode) and value_node.value == "" and not value_node.style
                node = key_node if empty else value_node
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
        return _pos(node)

    def _keys(self, node: MappingNode) -> dict[str, tuple[Any, Any]]:
        """The mapping's (key node, value node) by NFC key text (the first of duplicates), built once per node."""
        index = self._index.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                index.setdefault(unicodedata.normalize("NFC", str(key_node.value)), (key_node, value_node))
            self._index[id(node)] = index
        return index


class _Loader(_FastLoader):  # type: ignore[misc, valid-type]
    """The fast loader with a minimal resolver: a plain scalar is null, a merge key or text.

    YAML 1.1's implicit types (bool, int, float, timestamp) never apply: our models
    parse the text. Replacing the regex-based resolver also makes reading ~3x faster.
    """

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        if kind is ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return _NULL
                if value == "<<":
                    return _MERGE
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class _Fail(Exception):
    def __init__(self, code: str, message: str, line: int, col: int):
        self.code, self.message, self.line, self.col = code, message, line, col


def read_document(file: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read ``file``; return the document or ``None`` and the problems found.

    ``display`` is the path printed in problems (relative to the root).
    """
    def fail(code: str, message: str, line: int = 1, col: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(code, message, display, line, col)]

    try:
        raw = _read_regular(file)
    except _Fail as f:
        return fail(f.code, f.message)
    except OSError as exc:
        return fail("file-unreadable", str(exc.strerror or exc))
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("encoding", "file starts with a UTF-8 byte-order mark (BOM)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail("encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, col)
    if "\t" in text:
        idx = text.index("\t")
        line = text.count("\n", 0, idx) + 1
        return fail("yaml-tab", "tab character", line, idx - (text.rfind("\n", 0, idx) + 1) + 1)
    if not text.strip():
        return fail("empty-file", "file is empty")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return fail("yaml-syntax", msg, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1)
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no problem_mark
        idx = getattr(exc, "position", 0) or 0  # a ReaderError (pure-Python loader)
        line = text.count("\n", 0, idx) + 1
        col = idx - (text.rfind("\n", 0, idx) + 1) + 1
        msg = getattr(exc, "reason", None) or "invalid YAML"
        return fail("yaml-syntax", f"{msg} (character U+{ord(text[idx]):04X})" if idx < len(text) else msg, line, col)
    except RecursionError:
        return fail("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels")
    if node is None:
        return fail("empty-file", "file holds no YAML document")
    doc = Document(display, text=text)
    try:
        doc.data = _convert(node, 0, set())
    except _Fail as f:
        return None, [Problem(f.code, f.message, display, f.line, f.col)]
    return doc, []


def _read_regular(file: Path) -> bytes:
    """The bytes of a regular file, opened without following a symbolic link and without blocking
    on a FIFO; _Fail for a link, a special file or a file over :data:`MAX_BYTES`."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Fail("bad-path", "is a symbolic link; a record is a regular file", 1, 1) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Fail("bad-path", "is not a regular file", 1, 1)
        if st.st_size > MAX_BYTES:
            raise _Fail("file-too-large", f"file is {st.st_size} bytes; the limit is {MAX_BYTES}", 1, 1)
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _Fail("file-too-large", f"file is over {MAX_BYTES} bytes; the limit is {MAX_BYTES}", 1, 1)
    return raw


def _pos(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: Any, depth: int, seen: set[int]) -> Any:
    """Node tree -> plain Python; raises _Fail on anchors, tags, duplicate keys, depth."""
    if id(node) in seen:  # the composer returns an alias as the anchored node itself
        raise _Fail("yaml-anchor", "alias to an anchor (anchors and aliases are not allowed)", *_pos(node))
    seen.add(id(node))
    cls = node.__class__
    tag = node.tag
    if cls is ScalarNode:
        if tag == _STR:
            value = node.value
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        if tag == _NULL and not node.style:  # plain ~, null or empty
            return None
        raise _Fail("yaml-tag", f"explicit tag {tag!r}", *_pos(node))
    if depth >= MAX_DEPTH:
        raise _Fail("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", *_pos(node))
    if cls is SequenceNode:
        if tag != _SEQ:
            raise _Fail("yaml-tag", f"explicit tag {tag!r}", *_pos(node))
        return [_convert(item, depth + 1, seen) for item in node.value]
    if cls is MappingNode:
        if tag != _MAP:
            raise _Fail("yaml-tag", f"explicit tag {tag!r}", *_pos(node))
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag != _STR:
                if key_node.tag == _MERGE:
                    raise _Fail("yaml-anchor", "merge key '<<' is not allowed", *_pos(key_node))
                raise _Fail("type-error", "mapping keys must be plain text", *_pos(key_node))
            key = key_node.value
            if not key.isascii():
                key = unicodedata.normalize("NFC", key)
            if key in out:
                first = next(k for k, _ in node.value if unicodedata.normalize("NFC", k.value) == key)
                raise _Fail("yaml-duplicate-key", f"duplicate key {key!r} (first at line {_pos(first)[0]})",
                            *_pos(key_node))
            out[key] = _convert(value_node, depth + 1, seen)
        return out
    raise _Fail("yaml-syntax", f"unexpected node {cls.__name__}", *_pos(node))
