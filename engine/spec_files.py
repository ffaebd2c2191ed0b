"""YAML spec files with located errors: every mistake names its file, line and field.

Both the machine specs and the program specs are read here. A document keeps a map from
each field path to the line it starts on, so jsonschema errors (which carry the path of the
failing instance) and semantic checks can both point an author at the exact line.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import yaml

from engine.spec_messages import excerpt, explain, pair_misplaced, syntax_message

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class SpecError:
    file: str
    line: int | None
    field: str
    message: str
    column: int | None = None  # given where the exact character matters: a YAML syntax error
    excerpt: str = ""  # the offending line with a caret under the column

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        where += f":{self.column}" if self.line and self.column else ""
        text = f"{where}: {self.field or '(document)'}: {self.message}"
        return f"{text}\n{self.excerpt}" if self.excerpt else text


class SpecErrors(Exception):
    """All the errors found in one or more spec files, reported together."""

    def __init__(self, errors: Iterable[SpecError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.file, e.line or 0, e.field, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while spec files load: a parse allocates tens of
    thousands of objects, each batch triggering a collection that walks the whole heap (the
    server's is large by then), which took a third of the load. The trees are acyclic, so
    reference counting frees them all the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def field_name(path: Sequence[str | int]) -> str:
    """``("weeks", 0, "days")`` -> ``weeks[0].days``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _yaml12_booleans(loader: type) -> type:
    """Only true/false are booleans (``on``/``no`` stay strings, as in YAML 1.2)."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if not (tag == "tag:yaml.org,2002:bool" and first not in "tTfF")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return loader


@_yaml12_booleans
class _Loader(yaml.SafeLoader):
    """The pure-Python parser: its error messages are the ones authors read (and tests pin)."""


@_yaml12_booleans
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml, when PyYAML was built with it
    """libyaml's parser (5-6x faster), the same resolvers and constructor: the same data and lines."""


@dataclass
class SpecDocument:
    """A parsed YAML file plus the line of every field in it."""

    path: Path
    text: str
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    duplicate_keys: list[SpecError] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.path)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest ancestor that exists in the file."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), 1)

    def error(self, path: Sequence[str | int], message: str) -> SpecError:
        return SpecError(self.name, self.line_of(path), field_name(path), message)


def load_document(path: Path | str, text: str | None = None) -> SpecDocument:
    """Parse one YAML file; a syntax error raises :class:`SpecErrors` with its line."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecErrors([SpecError(str(path), None, "", f"cannot read file: {exc.strerror}")]) from exc
    try:
        node, data = _parse(_FastLoader, text)
    except (yaml.YAMLError, UnicodeError):
        # libyaml words its errors its own way (and cannot encode a lone surrogate): the pure-Python
        # parser says what is wrong, and where, as it always did.
        node, data = _located_parse(path, text)
    doc = SpecDocument(path=path, text=text, data=data)
    if node is not None:
        _index_lines(doc, node, ())
    return doc


def _parse(loader_class: type, text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (its marks hold the lines) and the data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _located_parse(path: Path, text: str) -> tuple[yaml.Node | None, Any]:
    try:
        return _parse(_Loader, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        error = SpecError(str(path), line, "", syntax_message(exc, text), column, excerpt(text, line, column))
        raise SpecErrors([error]) from exc


def _index_lines(doc: SpecDocument, node: yaml.Node, path: FieldPath) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = _key(key_node)
            if key in seen:
                doc.duplicate_keys.append(doc_error(doc, path + (key,), key_node, "duplicate key"))
            seen.add(key)
            _index_lines(doc, value_node, path + (key,))
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(doc, item, path + (index,))


def doc_error(doc: SpecDocument, path: FieldPath, node: yaml.Node, message: str) -> SpecError:
    return SpecError(doc.name, node.start_mark.line + 1, field_name(path), message)


def _key(node: yaml.Node) -> str | int:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
        try:
            return int(node.value)
        except ValueError:
            return node.value
    return node.value if isinstance(node, yaml.ScalarNode) else str(node.value)


def schema_errors(doc: SpecDocument, schema: dict[str, Any]) -> list[SpecError]:
    """Every JSON Schema violation in ``doc``, one per mistake, each at its line and field path."""
    findings = [f for error in compiled_schema(schema).errors(doc.data) for f in explain(error, schema)]
    return [doc.error(f.path, f.message) for f in pair_misplaced(findings)] + list(doc.duplicate_keys)


@dataclass(eq=False)
class CompiledSchema:
    """A JSON Schema checked and compiled once: a fast yes/no, and the located errors of a no.

    jsonschema_rs (compiled Rust) answers "valid?" in microseconds; the ``jsonschema`` package
    takes milliseconds per document but its messages, paths and ``best_match`` are what authors
    read and tests pin, so it runs only on a document the fast check refused (or could not take,
    e.g. a date or an integer key, which JSON has not).
    """

    schema: dict[str, Any]
    fast: Any  # a jsonschema_rs validator, or None where it cannot compile this schema
    _located: Any = None  # the jsonschema validator, built on the first refused document

    @classmethod
    def compile(cls, schema: dict[str, Any]) -> CompiledSchema:
        try:
            # Checks the schema against its metaschema too: a broken schema fails here, once.
            fast = jsonschema_rs.validator_for(schema, validate_formats=True)
        except (jsonschema_rs.ValidationError, ValueError):
            # A schema the Rust engine refuses (an invalid one, or a regex it has not) is checked
            # by jsonschema itself, which raises SchemaError if the schema is indeed invalid.
            jsonschema.validators.validator_for(schema).check_schema(schema)
            fast = None
        return cls(schema, fast)

    def accepts(self, data: Any) -> bool:
        if self.fast is None:
            return False
        try:
            return self.fast.is_valid(data)
        except ValueError:  # a YAML value JSON has no type for: jsonschema says what is wrong
            return False

    def errors(self, data: Any) -> list[jsonschema.ValidationError]:
        if self.accepts(data):
            return []
        if self._located is None:
            validator_cls = jsonschema.validators.validator_for(self.schema)
            self._located = validator_cls(self.schema, format_checker=validator_cls.FORMAT_CHECKER)
        return list(self._located.iter_errors(data))


_COMPILED: dict[int, CompiledSchema] = {}


def compiled_schema(schema: dict[str, Any]) -> CompiledSchema:
    """The compiled form of ``schema``, built on its first use. Schemas are module constants or
    cached loads, so the same object comes back; the entry holds it, so its id is never reused."""
    entry = _COMPILED.get(id(schema))
    if entry is None or entry.schema is not schema:
        entry = _COMPILED[id(schema)] = CompiledSchema.compile(schema)
    return entry
