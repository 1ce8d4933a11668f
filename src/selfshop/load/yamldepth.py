"""Measure how deep a YAML text nests by reading its characters, before any parser sees it.

The nesting limit is selfshop's promise, so it must not depend on the YAML library: libyaml
composes recursively in C (deep input used to segfault) and newer releases stop on their own at
1,000 levels with an error of their own, located somewhere else. This scan needs no parser. It
may count a little differently from YAML at the edges (an indentless sequence, one that stands at
its parent key's column, counts as half a level), which is harmless: real journeys nest about 7
deep and the limit is 64, so libyaml never sees more than twice that; the composed nodes are
measured again when built, which also catches aliases that nest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCANNED = re.compile(r"""[\[\]{}'"#]""")
_BLOCK_SCALAR_HEADER = re.compile(r"(?:^|[\s:-])[|>][1-9+-]{0,2}\s*$")
_TOP_KEY = re.compile(r"""^["']?([^\s#:"'][^:"']*?)["']?\s*:(?:\s|$)""")
# A block mapping starts where a key does: "key:" / '"key":' followed by a space or the end.
_KEY = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s#'"\[{][^#]*?)\s*:(?:\s|$)|\?(?:\s|$)""")
_LONGEST_PROPERTY = 1024  # an anchor or tag longer than this is not one worth honouring


@dataclass(frozen=True)
class TooDeep:
    """Where the text first nests deeper than the limit (1-based), and the top-level key above."""

    line: int
    column: int
    top_key: str


def first_too_deep(text: str, limit: int) -> TooDeep | None:
    """The first place where `text` nests over `limit` collections deep, if any."""
    return _DepthScan(limit).scan(text)


class _DepthScan:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.blocks: list[int] = []  # columns of the block collections open here
        self.flow = 0  # open '[' and '{'
        self.quote = ""  # the quote character of a scalar left open at the end of a line
        self.block_scalar_parent: int | None = None  # indent whose '|' or '>' text we skip
        self.top_key = ""

    def scan(self, text: str) -> TooDeep | None:
        for number, line in enumerate(text.split("\n"), start=1):
            found = self._line(number, line)
            if found:
                return found
        return None

    def _line(self, number: int, line: str) -> TooDeep | None:
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if self.block_scalar_parent is not None:
            if not content.strip() or indent > self.block_scalar_parent:
                return None  # the text of a '|' or '>' scalar: not structure
            self.block_scalar_parent = None
        start = indent
        if not self.quote and not self.flow:
            if not content or content.startswith(("#", "%")):
                return None
            if indent == 0 and content.startswith(("---", "...")):
                self.blocks.clear()
                return None
            found, start = self._block_levels(number, line, indent)
            if found:
                return found
        return self._flow_levels(number, line, start, indent)

    def _block_levels(self, number: int, line: str, indent: int) -> tuple[TooDeep | None, int]:
        """Open the block collections that start on this line: one per '- ', one for the rest."""
        while self.blocks and self.blocks[-1] >= indent:
            self.blocks.pop()
        if indent == 0:
            key = _TOP_KEY.match(line)
            self.top_key = key.group(1).strip() if key else ""
        column = indent
        while line.startswith("- ", column) or line[column:].rstrip() == "-":
            found = self._open_block(number, column)
            if found:
                return found, column
            column += 1
            while line.startswith(" ", column):
                column += 1
        if _KEY.match(line, column):
            return self._open_block(number, column), column
        return None, column

    def _open_block(self, number: int, column: int) -> TooDeep | None:
        self.blocks.append(column)
        return self._check(number, column)

    def _flow_levels(self, number: int, line: str, start: int, indent: int) -> TooDeep | None:
        """Follow quotes, comments and '[' / '{' across the rest of the line."""
        skip_to = -1
        comment_at = len(line)
        plain = False  # in block context, once plain text starts the rest of the line is text
        for match in _SCANNED.finditer(line, start):
            at = match.start()
            char = match.group()
            if at < skip_to or (plain and char != "#"):
                continue
            if self.quote:
                skip_to = self._maybe_close_quote(line, at, char)
            elif char == "#" and (at == 0 or line[at - 1] == " "):
                comment_at = at
                break
            elif char in "'\"" and _starts_value(line, at, indent, in_flow=self.flow > 0):
                self.quote = char
            elif char in "[{" and (self.flow or _starts_value(line, at, indent, in_flow=False)):
                self.flow += 1
                found = self._check(number, at)
                if found:
                    return found
            elif char in "]}" and self.flow:
                self.flow -= 1
            elif not self.flow and char in "'\"[{":
                plain = True
        if not self.quote and not self.flow and _BLOCK_SCALAR_HEADER.search(line[:comment_at]):
            self.block_scalar_parent = indent
        return None

    def _maybe_close_quote(self, line: str, at: int, char: str) -> int:
        """Close an open quote at `at` if it really ends there; return where scanning resumes."""
        if char != self.quote:
            return -1
        if char == "'":
            if line.startswith("''", at):
                return at + 2  # '' is an escaped quote inside a single-quoted scalar
            self.quote = ""
            return -1
        backslashes = len(line[:at]) - len(line[:at].rstrip("\\"))
        if backslashes % 2 == 0:
            self.quote = ""
        return -1

    def _check(self, number: int, column: int) -> TooDeep | None:
        if len(self.blocks) + self.flow > self.limit:
            return TooDeep(number, column + 1, self.top_key)
        return None


def _starts_value(line: str, at: int, indent: int, *, in_flow: bool) -> bool:
    """Whether the character at `at` begins a value or key rather than sits inside plain text.

    Outside a flow collection a '[', '{' or ',' before it is plain text ("it's [[["), not structure.
    """
    indicators = "[{,:" if in_flow else ":"
    before = at - 1
    while True:
        while before >= indent and line[before] == " ":
            before -= 1
        if before < indent or line[before] in indicators:
            return True
        if line[before] in "-?":
            return before == indent or line[before - 1] == " "
        # An anchor (&a) or a tag (!t) may stand between the indicator and the value.
        lowest = max(indent, before - _LONGEST_PROPERTY)
        space = line.rfind(" ", lowest, before)
        token_start = space + 1 if space >= 0 else lowest
        if line[token_start] not in "&!" or (space < 0 and lowest > indent):
            return False
        before = token_start - 1
