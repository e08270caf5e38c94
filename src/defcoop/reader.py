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

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from .problems import Problem

MAX_BYTES = 1 << 20
MAX_DEPTH = 20
_CORE_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value"}

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed record file: ``data`` (dict/list/str/None) and 1-based positions by path."""

    path: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column of the value at ``path`` or, failing that, its nearest parent."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


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
        size = file.stat().st_size
        if size > MAX_BYTES:
            return fail("file-too-large", f"file is {size} bytes; the limit is {MAX_BYTES}")
        raw = file.read_bytes()
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
    doc = Document(display)
    try:
        doc.data = _convert(node, (), doc, 0, set())
    except _Fail as f:
        return None, [Problem(f.code, f.message, display, f.line, f.col)]
    return doc, []


def _pos(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: Any, path: Path_, doc: Document, depth: int, seen: set[int]) -> Any:
    if depth > MAX_DEPTH:
        raise _Fail("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", *_pos(node))
    if id(node) in seen:  # the composer returns an alias as the anchored node itself
        raise _Fail("yaml-anchor", "alias to an anchor (anchors and aliases are not allowed)", *_pos(node))
    seen.add(id(node))
    tag = str(node.tag or "")
    if tag.startswith(_CORE_TAG) and tag[len(_CORE_TAG):] not in _PLAIN_TAGS | {"merge"}:
        raise _Fail("yaml-tag", f"explicit tag {tag!r}", *_pos(node))
    if not tag.startswith(_CORE_TAG) and tag:
        raise _Fail("yaml-tag", f"explicit tag {tag!r}", *_pos(node))
    doc.positions.setdefault(path, _pos(node))
    if isinstance(node, ScalarNode):
        if not node.style and tag == _CORE_TAG + "null":  # plain ~, null or empty
            return None
        return unicodedata.normalize("NFC", node.value)
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), doc, depth + 1, seen) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if str(key_node.tag).endswith(":merge"):
                raise _Fail("yaml-anchor", "merge key '<<' is not allowed", *_pos(key_node))
            if not isinstance(key_node, ScalarNode):
                raise _Fail("type-error", "mapping keys must be plain text", *_pos(key_node))
            key = unicodedata.normalize("NFC", key_node.value)
            if key in out:
                first = doc.positions.get(path + (key,), (0, 0))
                raise _Fail("yaml-duplicate-key", f"duplicate key {key!r} (first at line {first[0]})",
                            *_pos(key_node))
            doc.positions[path + (key,)] = _pos(value_node) if not (
                isinstance(value_node, ScalarNode) and value_node.value == "") else _pos(key_node)
            out[key] = _convert(value_node, path + (key,), doc, depth + 1, seen)
        return out
    raise _Fail("yaml-syntax", f"unexpected node {type(node).__name__}", *_pos(node))
