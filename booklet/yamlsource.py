"""Read YAML that remembers where each value came from, and refuses traps.

PyYAML silently keeps the last of two duplicate keys, expands aliases without
limit and recurses on deep nesting. Content is written by hand and may come
from anywhere, so this loader composes the node tree itself and builds plain
values that carry their line: mappings become :class:`YMap`, sequences
:class:`YList`, and each remembers the line of every key or item.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Problems
from .safe_files import UnsafeFile, read_regular_file

try:  # libyaml is several times faster; fall back when it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 24
MAX_NODES = 50_000


class YMap(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 1
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 1
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _TooBig(Exception):
    pass


def _decode(data: bytes, path: str, problems: Problems) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark from Windows editors is harmless
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(path, 1, "the file is saved as UTF-16; save it as UTF-8")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(path, line, f"the file is not UTF-8 (byte 0x{data[error.start]:02x} "
                                 f"cannot be read); save it as UTF-8")
        return None


def _check_depth(text: str, path: str, problems: Problems) -> bool:
    """Walk the events (no recursion) to refuse absurd nesting before composing."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                problems.add(path, event.start_mark.line + 1,
                             f"the content is nested more than {MAX_DEPTH} levels deep")
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.add(path, event.start_mark.line + 1,
                         "anchors and aliases (& and *) are not allowed in content; "
                         "write the text out in full")
            return False
    return True


class _Builder:
    def __init__(self, path: str, problems: Problems):
        self.path = path
        self.problems = problems
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node):
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            result = YList(self.build(item) for item in node.value)
            result.line = node.start_mark.line + 1
            result.item_lines = [item.start_mark.line + 1 for item in node.value]
            return result
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self.problems.add(self.path, node.start_mark.line + 1,
                              f"cannot read this value: {error}".split("\n")[0])
            return None

    def _mapping(self, node):
        result = YMap()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(self.path, line, "a key must be a plain word")
                continue
            key = self.build(key_node)
            if key == "<<" or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.add(self.path, line, "merge keys (<<) are not allowed in content")
                continue
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                self.problems.add(self.path, line,
                                  f"duplicate key {key!r} (first on line {result.key_lines[key]}); "
                                  f"YAML would silently keep only the last one")
                continue
            result[key] = self.build(value_node)
            result.key_lines[key] = line
        return result


def load_yaml(path: Path, problems: Problems, display: str | None = None):
    """The values of one YAML file, or None when it cannot be read (see problems).

    The file must be a regular file in its own folder (a link is followed only
    to a file beside it): see safe_files.
    """
    shown = display or str(path)
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except UnsafeFile as error:
        problems.add(shown, 1, f"the file {error}")
        return None
    text = _decode(data, shown, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(shown, 1, "the file is empty")
        return None
    return parse_yaml_text(text, shown, problems)


def parse_yaml_text(text: str, shown: str, problems: Problems):
    try:
        if not _check_depth(text, shown, problems):
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        if "nesting depth" in (error.problem or ""):
            # libyaml 0.2.6 and later stop at 1,000 levels themselves, sometimes
            # before the events reach _check_depth: one message for both
            problems.add(shown, line, f"the content is nested more than {MAX_DEPTH} levels deep")
            return None
        what = (error.problem or "invalid YAML").strip()
        if error.context:
            where = ""
            if error.context_mark and error.context_mark.line + 1 != line:
                where = f" that starts on line {error.context_mark.line + 1}"
            what = f"{what} ({error.context.strip()}{where})"
        problems.add(shown, line, f"YAML syntax error: {what}")
        return None
    except yaml.reader.ReaderError as error:
        line = text[:error.position].count("\n") + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        problems.add(shown, line, f"an invisible control character (U+{code:04X}) is in the "
                                  f"text; delete it (it often comes from copying from the web)")
        return None
    except yaml.YAMLError as error:
        problems.add(shown, 1, f"YAML error: {str(error).splitlines()[0]}")
        return None
    except RecursionError:
        problems.add(shown, 1, "the content is nested too deeply")
        return None
    if node is None:
        problems.add(shown, 1, "the file is empty")
        return None
    builder = _Builder(shown, problems)
    try:
        return builder.build(node)
    except (_TooBig, RecursionError):
        problems.add(shown, 1, f"the file has more than {MAX_NODES:,} values")
        return None
