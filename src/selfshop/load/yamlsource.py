"""Read a YAML file safely into plain data, remembering where every key and value stands.

Plain `yaml.safe_load` loses positions, silently keeps the last of two duplicate keys and expands
alias bombs; users need every mistake pointed at by line and column, so we compose nodes
ourselves (libyaml when present) and build the data from them.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import yaml

from selfshop.errors import InputError, Problem
from selfshop.load.yamldepth import first_too_deep

MAX_FILE_BYTES = 2 * 1024 * 1024  # a journey is a few KB; anything this big is a mistake
MAX_EXPANDED_NODES = 100_000  # aliases may be reused, not used to build a bomb
MAX_DEPTH = 64  # a journey nests about 7 deep; far deeper is a mistake or an attack
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_CONSTRUCTOR = yaml.SafeLoader("")  # builds ints, floats, bools and nulls from scalars

Path_ = tuple[str | int, ...]


class Mark(NamedTuple):  # a tuple, not a frozen dataclass: built for every node, so cheap
    path: str
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Source:
    """Data read from YAML, with the position of each value and each mapping key by data path."""

    path: str
    data: Any
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, at: Path_, *, prefer_key: bool = False) -> Mark:
        """The closest known position for a data path, walking up to its parents."""
        for depth in range(len(at), -1, -1):
            prefix = at[:depth]
            first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            found = first.get(prefix) or second.get(prefix)
            if found:
                return found
        return Mark(self.path, 1, 1)

    def problem(
        self,
        at: Path_,
        message: str,
        *,
        field: str | None = None,
        prefer_key: bool = False,
        severity: str = "error",
        code: str = "",
        subject: str = "",
    ) -> Problem:
        mark = self.mark(at, prefer_key=prefer_key)
        name = field if field is not None else dotted(at)
        return Problem(mark.path, mark.line, mark.column, name, message, severity, code, subject)


def dotted(at: Path_) -> str:
    """('steps', 0, 'do', 1) -> 'steps[0].do[1]'."""
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_source(path: Path, display: str | None = None) -> Source:
    """Read and compose a YAML file, or raise InputError with every located problem."""
    shown = display or str(path)
    return source_from_bytes(read_bounded(path, shown), shown)


def source_from_bytes(raw: bytes, display: str) -> Source:
    """Decode and compose a file's bytes (read with read_bounded)."""
    text = _decode(raw, display)
    if "\t" in text:
        _refuse_tabs(text, display)
    return source_from_text(text, display)


def source_from_text(text: str, display: str) -> Source:
    """Compose YAML text (also for files read some other way, e.g. `git show`)."""
    try:
        _refuse_deep(text, display)  # before the parser: its own limits differ by version
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise InputError([_yaml_problem(error, display)]) from None
    except yaml.reader.ReaderError as error:
        raise InputError([_reader_problem(error, text, display)]) from None
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())  # one line, as every problem is
        raise InputError([Problem(display, 1, 1, "", f"not valid YAML: {message}")]) from None
    source = Source(display, None)
    builder = _Builder(source)
    source.data = builder.build(node, ()) if node is not None else None
    if builder.problems:
        raise InputError(builder.problems)
    return source


def read_bounded(path: Path, shown: str) -> bytes:
    """A file's bytes, refused (located at 1:1) when missing or over MAX_FILE_BYTES."""
    try:
        status = path.stat()
        if not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):
            _raise(Problem(shown, 1, 1, "", "not a regular file"))  # a FIFO would block forever
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                [
                    Problem(
                        shown,
                        1,
                        1,
                        "",
                        f"file is {size:,} bytes; the limit is "
                        f"{MAX_FILE_BYTES:,} (is this really a selfshop file?)",
                    )
                ]
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:  # a pipe or device reports no size, so check what came
            _raise(Problem(shown, 1, 1, "", f"file is over the limit of {MAX_FILE_BYTES:,} bytes"))
        return raw
    except FileNotFoundError:
        raise InputError([Problem(shown, 1, 1, "", "file not found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(shown, 1, 1, "", "is a folder, not a file")]) from None
    except PermissionError:
        raise InputError([Problem(shown, 1, 1, "", "permission denied")]) from None
    except OSError as error:  # e.g. a symlink loop: still the user's file to fix, not a crash
        raise InputError([Problem(shown, 1, 1, "", f"cannot read: {error.strerror}")]) from None


def _decode(raw: bytes, shown: str) -> str:
    # Drop a byte-order mark first: utf-8-sig would count error offsets from after it.
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # Editors count characters, not bytes: decode the good start of the line to count them.
        start_of_line = before[before.rfind(b"\n") + 1 :]
        column = len(start_of_line.decode("utf-8")) + 1
        return _raise(
            Problem(
                shown,
                line,
                column,
                "",
                f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8",
            )
        )


def _refuse_tabs(text: str, shown: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            _raise(
                Problem(
                    shown,
                    number,
                    indent.index("\t") + 1,
                    "",
                    "tab used for indentation; YAML needs spaces",
                )
            )


def _refuse_deep(text: str, shown: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, measured on the text itself (see yamldepth)."""
    found = first_too_deep(text, MAX_DEPTH)
    if found:
        _raise(Problem(shown, found.line, found.column, found.top_key,
                       f"nested over {MAX_DEPTH} levels deep"))  # fmt: skip


def _raise(problem: Problem) -> NoReturn:
    raise InputError([problem])


def _reader_problem(error: yaml.reader.ReaderError, text: str, shown: str) -> Problem:
    """A character YAML refuses (e.g. a NUL), located by its position in the text."""
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    return Problem(shown, line, column, "", f"not valid YAML: character #x{error.character:04x} "
                   "is not allowed (a control character)")  # fmt: skip


def _yaml_problem(error: yaml.MarkedYAMLError, shown: str) -> Problem:
    mark = error.problem_mark
    problem = error.problem or "not valid YAML"
    # An unterminated quote is reported at the end of the file; its start is more useful.
    if error.context_mark is not None and "end of stream" in problem:
        mark = error.context_mark
        problem = f"{error.context}: never closed"
    elif error.context_mark is not None and (error.context or "").startswith(
        "while parsing a flow"
    ):
        # A '{' or '[' left open shows up lines later; say where it was opened.
        opened = error.context_mark
        problem += f" (for the one opened at line {opened.line + 1}, column {opened.column + 1})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(shown, line, column, "", f"not valid YAML: {problem}")


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions and problems."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.expanded = 0
        self.built: set[int] = set()  # collection nodes built once: a second build is an alias
        self.aliased = False

    def build(self, node: yaml.Node, at: Path_) -> Any:
        self.expanded += 1
        if self.expanded > MAX_EXPANDED_NODES:
            raise InputError([self._at(node, at, self._too_big())])
        if not isinstance(node, yaml.ScalarNode):
            self.aliased = self.aliased or id(node) in self.built
            self.built.add(id(node))
        if len(at) > MAX_DEPTH:
            # The top-level key is enough to find it; the full path would be 64 parts long.
            raise InputError([self._at(node, at[:1], f"nested over {MAX_DEPTH} levels deep")])
        if at not in self.source.values:  # an alias's copy keeps the first position found
            self.source.values[at] = self._mark(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            # e.g. !!python/object/apply on a list: refused, never quietly read as a list
            self.problems.append(self._at(node, at, f"unsupported YAML tag {node.tag!r}"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*at, index)) for index, item in enumerate(node.value)]
        return self._scalar(node, at)

    def _too_big(self) -> str:
        if self.aliased:
            return (
                "too many nodes after expanding aliases "
                f"(over {MAX_EXPANDED_NODES:,}): refused as a YAML bomb"
            )
        return (
            f"too large: over {MAX_EXPANDED_NODES:,} values, where a selfshop file holds "
            "hundreds (split it into several files, or share steps with 'use:' fragments)"
        )

    def _mapping(self, node: yaml.MappingNode, at: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    self._at(
                        key_node,
                        at,
                        "merge keys ('<<') are not supported; "
                        "write the keys out or use 'use:' fragments",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self._at(key_node, at, "a key must be plain text"))
                continue
            key = str(key_node.value)
            child = (*at, key)
            if key in result:
                first = self.source.keys[child]
                self.problems.append(
                    self._at(
                        key_node, child, f"duplicate key {key!r} (first given at line {first.line})"
                    )
                )
                continue
            self.source.keys[child] = self._mark(key_node)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.Node, at: Path_) -> Any:
        tag = node.tag
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return str(node.value)  # dates stay text: no model field wants a datetime
        if tag in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null",
        ):
            try:
                return _SCALAR_CONSTRUCTOR.yaml_constructors[tag](_SCALAR_CONSTRUCTOR, node)
            except ValueError:  # an integer of thousands of digits
                self.problems.append(self._at(node, at, "number too long"))
                return None
        self.problems.append(self._at(node, at, f"unsupported YAML tag {tag!r}"))
        return None

    def _mark(self, node: yaml.Node) -> Mark:
        return Mark(self.source.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def _at(self, node: yaml.Node, at: Path_, message: str) -> Problem:
        mark = self._mark(node)
        return Problem(mark.path, mark.line, mark.column, dotted(at), message)
