"""Translation catalogs without GNU gettext: extract UI strings, compile .mo files, check them.

The convention (docs/adr/0006-english-msgids-per-app-catalogs.md): UI strings in code are English
msgids wrapped in gettext; Russian lives in the catalogs. Each app keeps its own catalog at
``parta/<app>/locale/ru/LC_MESSAGES/django.po`` holding the strings of its Python code and
templates; ``parta/locale/ru/LC_MESSAGES/django.po`` (``LOCALE_PATHS``) holds the project-level
templates in ``parta/templates/``, the modules directly in ``parta/`` and ``config/``.

Extraction reads Python with :mod:`ast` and templates through Django's own ``templatize()`` (the
function ``makemessages`` feeds to xgettext), so msgids are exactly those Django looks up at
run time. ``polib`` (a development dependency) writes the catalogs; it is imported only inside
the functions that need it, because a running site never compiles: the .mo files are committed.
"""

from __future__ import annotations

import ast
import difflib
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polib

LANGUAGE = "ru"
PROJECT_CATALOG = "project"
PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
NPLURALS = 3
TRANSLATOR_COMMENT_MARK = "Translators"
SOURCE_SUFFIXES = frozenset({".py"})
TEMPLATE_SUFFIXES = frozenset({".html", ".txt"})
#: Directories never scanned: generated code, tests and test helpers hold no UI strings.
SKIPPED_DIRS = frozenset(
    {"migrations", "tests", "testing", "locale", "static", "__pycache__", "node_modules"}
)

#: gettext keywords and the meaning of their leading positional arguments (as the
#: ``--keyword`` options that ``makemessages`` passes to xgettext).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "msgid_plural"),
    "ngettext_lazy": ("msgid", "msgid_plural"),
    "pgettext": ("msgctxt", "msgid"),
    "pgettext_lazy": ("msgctxt", "msgid"),
    "npgettext": ("msgctxt", "msgid", "msgid_plural"),
    "npgettext_lazy": ("msgctxt", "msgid", "msgid_plural"),
}

_PYTHON_FORMAT_RE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)
_KEYWORD_CALL_RE = re.compile(
    r"(?<![\w.])(?P<name>" + "|".join(re.escape(name) for name in KEYWORDS) + r")\s*\("
)
_STRING_RE = re.compile(r"""[uUrRbB]{0,2}(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")
_PYTHON_COMMENT_RE = re.compile(r"^\s*#\s?(?P<text>.*)$")


class CatalogError(Exception):
    """A source file cannot be read, or a catalog is malformed."""


@dataclass(frozen=True, order=True)
class MessageKey:
    """What identifies a message in a catalog: its msgid and optional context."""

    msgid: str
    msgctxt: str = ""


@dataclass
class Found:
    """One use of a translatable string in a source file."""

    key: MessageKey
    msgid_plural: str | None
    path: str
    line: int
    comments: list[str] = field(default_factory=list)


@dataclass
class Message:
    """Every use of one message within a catalog's sources."""

    key: MessageKey
    msgid_plural: str | None = None
    paths: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def is_python_format(self) -> bool:
        return any(
            match.group("type") != "%"
            for text in (self.key.msgid, self.msgid_plural or "")
            for match in _PYTHON_FORMAT_RE.finditer(text)
        )


@dataclass(frozen=True)
class Catalog:
    """One .po file and the sources whose strings it translates."""

    name: str
    root: Path
    source_dirs: tuple[Path, ...]
    #: Python files directly in these directories (not below) also belong to the catalog.
    shallow_dirs: tuple[Path, ...] = ()

    @property
    def po_path(self) -> Path:
        return self.locale_dir / LANGUAGE / "LC_MESSAGES" / "django.po"

    @property
    def mo_path(self) -> Path:
        return self.po_path.with_suffix(".mo")

    @property
    def locale_dir(self) -> Path:
        if self.name == PROJECT_CATALOG:
            return self.root / "parta" / "locale"
        return self.root / "parta" / self.name / "locale"

    def files(self) -> Iterator[Path]:
        """Every Python source and template of the catalog, in a stable order."""
        for directory in self.source_dirs:
            yield from _walk(directory)
        for directory in self.shallow_dirs:
            yield from sorted(p for p in directory.glob("*.py") if p.is_file())


def _walk(directory: Path) -> Iterator[Path]:
    if not directory.is_dir():
        return
    for path in sorted(directory.iterdir()):
        if path.is_dir():
            if path.name not in SKIPPED_DIRS and not path.name.startswith("."):
                yield from _walk(path)
        elif path.suffix in SOURCE_SUFFIXES or (
            path.suffix in TEMPLATE_SUFFIXES and "templates" in path.parts
        ):
            yield path


def catalogs(root: Path, only: str | None = None) -> list[Catalog]:
    """The project's catalogs: one per app (a package of ``parta/`` with an ``apps.py``) plus
    the project catalog. ``only`` picks one by name (an app label or ``project``)."""
    package = root / "parta"
    found = [
        Catalog(name=app.name, root=root, source_dirs=(app,))
        for app in sorted(package.iterdir())
        if (app / "apps.py").is_file()
    ]
    found.append(
        Catalog(
            name=PROJECT_CATALOG,
            root=root,
            source_dirs=(package / "templates", root / "config"),
            shallow_dirs=(package,),
        )
    )
    if only is None:
        return found
    chosen = [catalog for catalog in found if catalog.name == only]
    if not chosen:
        names = ", ".join(catalog.name for catalog in found)
        raise CatalogError(f"No catalog named {only!r}. Catalogs: {names}.")
    return chosen


# --- Extraction ------------------------------------------------------------------------------


def _translator_comments(source: str) -> dict[int, str]:
    """Comment text by line number, for the comments of a Python source."""
    comments: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                match = _PYTHON_COMMENT_RE.match(token.string)
                if match:
                    comments[token.start[0]] = match.group("text").strip()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return comments


def _comments_for(line: int, comments: dict[int, str]) -> list[str]:
    """The ``Translators:`` comment block that ends right above ``line`` (or on it)."""
    if comments.get(line, "").startswith(TRANSLATOR_COMMENT_MARK):
        return [comments[line]]
    block: list[str] = []
    current = line - 1
    while current in comments:
        block.insert(0, comments[current])
        current -= 1
    for index, text in enumerate(block):
        if text.startswith(TRANSLATOR_COMMENT_MARK):
            return block[index:]
    return []


def _keyword_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name) and func.id in KEYWORDS:
        return func.id
    if isinstance(func, ast.Attribute) and func.attr in KEYWORDS and func.attr != "_":
        return func.attr
    return None


def _found(name: str, args: list[str], path: str, line: int, comments: list[str]) -> Found | None:
    roles = KEYWORDS[name]
    if len(args) < len(roles):
        return None
    values = dict(zip(roles, args, strict=False))
    if not values["msgid"]:
        return None
    return Found(
        key=MessageKey(msgid=values["msgid"], msgctxt=values.get("msgctxt", "")),
        msgid_plural=values.get("msgid_plural"),
        path=path,
        line=line,
        comments=comments,
    )


def extract_python(source: str, path: str) -> list[Found]:
    """Translatable strings of a Python module: keyword calls with literal string arguments."""
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        raise CatalogError(f"{path}:{exc.lineno}: cannot parse: {exc.msg}") from exc
    comments = _translator_comments(source)
    found: list[Found] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _keyword_name(node.func)
        if name is None:
            continue
        args: list[str] = []
        for arg in node.args[: len(KEYWORDS[name])]:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            args.append(arg.value)
        item = _found(name, args, path, node.lineno, _comments_for(node.lineno, comments))
        if item is not None:
            found.append(item)
    found.sort(key=lambda item: item.line)
    return found


def _scan_calls(source: str, path: str) -> list[Found]:
    """Keyword calls in ``templatize()`` output, which looks like Python but does not parse as
    Python (text is blanked out into X's); read the way xgettext reads it."""
    lines = source.splitlines()
    comments = {
        number: match.group("text").strip()
        for number, text in enumerate(lines, start=1)
        if (match := _PYTHON_COMMENT_RE.match(text))
    }
    found: list[Found] = []
    for match in _KEYWORD_CALL_RE.finditer(source):
        name = match.group("name")
        position = match.end()
        args: list[str] = []
        while len(args) < len(KEYWORDS[name]):
            literal = _STRING_RE.match(source, _skip_space(source, position))
            if literal is None:
                break
            parts = [ast.literal_eval(literal.group())]
            position = literal.end()
            # Adjacent literals concatenate, as in Python.
            while (more := _STRING_RE.match(source, _skip_space(source, position))) is not None:
                parts.append(ast.literal_eval(more.group()))
                position = more.end()
            args.append("".join(str(part) for part in parts))
            position = _skip_space(source, position)
            if source.startswith(",", position):
                position += 1
            else:
                break
        line = source.count("\n", 0, match.start()) + 1
        item = _found(name, args, path, line, _comments_for(line, comments))
        if item is not None:
            found.append(item)
    return found


def _skip_space(source: str, position: int) -> int:
    while position < len(source) and source[position] in " \t\r\n":
        position += 1
    return position


def extract_template(source: str, path: str) -> list[Found]:
    """Translatable strings of a Django template, with msgids exactly as ``{% translate %}``
    and ``{% blocktranslate %}`` look them up (``{{ var }}`` becomes ``%(var)s``)."""
    from django.utils.translation.template import templatize

    try:
        python_like = templatize(source, origin=path)
    except Exception as exc:  # templatize raises SyntaxError, TemplateSyntaxError, ...
        raise CatalogError(f"{path}: cannot read the template: {exc}") from exc
    return _scan_calls(python_like, path)


def extract_file(path: Path, root: Path) -> list[Found]:
    relative = path.relative_to(root).as_posix()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{relative}: cannot read: {exc}") from exc
    if path.suffix in SOURCE_SUFFIXES:
        return extract_python(source, relative)
    return extract_template(source, relative)


def extract_catalog(catalog: Catalog) -> dict[MessageKey, Message]:
    """Every message used by the catalog's sources, keyed by (msgid, msgctxt)."""
    messages: dict[MessageKey, Message] = {}
    for path in catalog.files():
        for item in extract_file(path, catalog.root):
            message = messages.setdefault(item.key, Message(key=item.key))
            if item.msgid_plural and not message.msgid_plural:
                message.msgid_plural = item.msgid_plural
            if item.path not in message.paths:
                message.paths.append(item.path)
            for comment in item.comments:
                if comment not in message.comments:
                    message.comments.append(comment)
    return messages


# --- Catalog files ---------------------------------------------------------------------------


def _header(catalog: Catalog) -> str:
    what = "project-level templates and settings" if catalog.name == PROJECT_CATALOG else "app"
    return (
        f"Russian translations of Парта: {catalog.name} ({what}).\n"
        "Msgids are English; edit msgstr only. Update with `make messages`.\n"
        "This file is distributed under the same license as Парта (AGPL-3.0-or-later)."
    )


def _metadata(catalog: Catalog) -> dict[str, str]:
    return {
        "Project-Id-Version": f"parta-{catalog.name}",
        "Report-Msgid-Bugs-To": "",
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
    }


def _key_of(entry: polib.POEntry) -> MessageKey:
    return MessageKey(msgid=entry.msgid, msgctxt=entry.msgctxt or "")


def load_po(catalog: Catalog) -> polib.POFile:
    """The catalog's .po file, or a new empty one with the Russian header."""
    import polib

    if catalog.po_path.exists():
        try:
            return polib.pofile(str(catalog.po_path), wrapwidth=79)
        except (OSError, ValueError) as exc:
            raise CatalogError(f"{catalog.po_path}: {exc}") from exc
    po = polib.POFile(wrapwidth=79)
    po.header = _header(catalog)
    po.metadata = _metadata(catalog)
    return po


@dataclass
class UpdateResult:
    """What ``update_po`` changed in one catalog."""

    catalog: Catalog
    total: int = 0
    added: list[MessageKey] = field(default_factory=list)
    obsoleted: list[MessageKey] = field(default_factory=list)
    fuzzy: list[MessageKey] = field(default_factory=list)
    written: bool = False


def _empty_translation(entry: polib.POEntry) -> None:
    if entry.msgid_plural:
        entry.msgstr = ""
        entry.msgstr_plural = dict.fromkeys(range(NPLURALS), "")
    else:
        entry.msgstr = ""
        entry.msgstr_plural = {}


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def update_po(catalog: Catalog, messages: dict[MessageKey, Message]) -> UpdateResult:
    """Merge the extracted messages into the catalog's .po file (like msgmerge).

    New msgids get an empty msgstr, or the translation of a removed msgid that is very
    similar, marked fuzzy (so ``check`` still asks for review). Msgids no longer used become
    obsolete (``#~``) if translated, and are dropped if not. Translations are never lost.
    """
    import polib

    result = UpdateResult(catalog=catalog, total=len(messages))
    if not messages and not catalog.po_path.exists():
        return result
    po = load_po(catalog)
    before = catalog.po_path.read_text(encoding="utf-8") if catalog.po_path.exists() else None
    for name, value in _metadata(catalog).items():
        if name in {"Language", "Plural-Forms", "Content-Type", "Content-Transfer-Encoding"}:
            po.metadata[name] = value
        else:
            po.metadata.setdefault(name, value)

    existing = {_key_of(entry): entry for entry in po}
    unused = {
        key: entry
        for key, entry in existing.items()
        if key not in messages and _has_translation(entry)
    }
    entries: list[polib.POEntry] = []
    for key in sorted(messages):
        message = messages[key]
        entry = existing.get(key)
        if entry is None:
            entry = polib.POEntry(msgid=key.msgid, msgctxt=key.msgctxt or None)
            entry.msgid_plural = message.msgid_plural or ""
            _empty_translation(entry)
            previous = _similar(key, unused)
            if previous is not None:
                _copy_translation(previous, entry)
                entry.previous_msgid = previous.msgid
                entry.flags.append("fuzzy")
                result.fuzzy.append(key)
            result.added.append(key)
        else:
            entry.obsolete = False
            if (message.msgid_plural or "") != entry.msgid_plural:
                old_plural = entry.msgid_plural
                entry.msgid_plural = message.msgid_plural or ""
                if bool(old_plural) != bool(entry.msgid_plural):
                    _empty_translation(entry)
                elif _has_translation(entry) and not entry.fuzzy:
                    entry.previous_msgid_plural = old_plural
                    entry.flags.append("fuzzy")
                    result.fuzzy.append(key)
        entry.occurrences = [(path, "") for path in message.paths]
        entry.comment = "\n".join(message.comments)
        flags = [flag for flag in entry.flags if flag != "python-format"]
        if message.is_python_format:
            flags.append("python-format")
        entry.flags = flags
        entries.append(entry)

    obsolete: list[polib.POEntry] = []
    for key, entry in sorted(existing.items()):
        if key in messages:
            continue
        if not entry.obsolete:
            result.obsoleted.append(key)
        if _has_translation(entry):
            entry.obsolete = True
            entry.occurrences = []
            obsolete.append(entry)

    po[:] = entries + obsolete
    after = str(po)
    if after != before:
        catalog.po_path.parent.mkdir(parents=True, exist_ok=True)
        catalog.po_path.write_text(after, encoding="utf-8")
        result.written = True
    return result


def _similar(key: MessageKey, unused: dict[MessageKey, polib.POEntry]) -> polib.POEntry | None:
    candidates = {
        other.msgid: entry for other, entry in unused.items() if other.msgctxt == key.msgctxt
    }
    close = difflib.get_close_matches(key.msgid, list(candidates), n=1, cutoff=0.8)
    return candidates[close[0]] if close else None


def _copy_translation(source: polib.POEntry, target: polib.POEntry) -> None:
    if target.msgid_plural and source.msgid_plural:
        target.msgstr_plural = dict(source.msgstr_plural)
    elif not target.msgid_plural and not source.msgid_plural:
        target.msgstr = source.msgstr


# --- Compilation -----------------------------------------------------------------------------


def mo_bytes(po: polib.POFile) -> bytes:
    """The .mo file for a .po file, as msgfmt writes it (fuzzy and empty entries left out)."""
    data: bytes = po.to_binary()
    return data


def compile_po(catalog: Catalog) -> bool:
    """Write the catalog's .mo file next to its .po; True when the file changed."""
    if not catalog.po_path.exists():
        return False
    data = mo_bytes(load_po(catalog))
    if catalog.mo_path.exists() and catalog.mo_path.read_bytes() == data:
        return False
    catalog.mo_path.write_bytes(data)
    return True


def mo_entries(data: bytes) -> dict[str, tuple[str, ...]]:
    """The translations in .mo data, read by the parser Django uses at run time: msgid (with
    its context as ``context\x04msgid``) → the translation or its plural forms."""
    import gettext

    translations = gettext.GNUTranslations(io.BytesIO(data))
    # `_catalog` is the parsed table itself; GNUTranslations has no public way to list it.
    # the stubs omit GNUTranslations' catalog, the only way to read every compiled entry
    catalog: dict[Any, str] = translations._catalog  # type: ignore[attr-defined]
    entries: dict[str, list[tuple[int, str]]] = {}
    for raw_key, value in catalog.items():
        key, index = raw_key if isinstance(raw_key, tuple) else (raw_key, 0)
        entries.setdefault(str(key), []).append((index, value))
    return {key: tuple(value for _, value in sorted(values)) for key, values in entries.items()}


# --- Checking --------------------------------------------------------------------------------


def _placeholders(text: str) -> tuple[frozenset[str], int]:
    """Named placeholders and the number of positional ones in a python-format string."""
    names: set[str] = set()
    positional = 0
    for match in _PYTHON_FORMAT_RE.finditer(text):
        if match.group("type") == "%":
            continue
        if match.group("name") is not None:
            names.add(match.group("name"))
        else:
            positional += 1
    return frozenset(names), positional


def _placeholder_problems(entry: polib.POEntry) -> list[str]:
    if "python-format" not in entry.flags:
        return []
    wanted_names, wanted_positional = _placeholders(entry.msgid)
    plural_names, _ = _placeholders(entry.msgid_plural or "")
    translations = (
        [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        if entry.msgid_plural
        else [entry.msgstr]
    )
    problems: list[str] = []
    for text in translations:
        if not text:
            continue
        names, positional = _placeholders(text)
        if entry.msgid_plural:
            # A plural form may leave out a name (Russian "one" forms often drop the number),
            # but must not invent one: `%` formatting would raise KeyError.
            unknown = names - (wanted_names | plural_names)
            if unknown:
                problems.append(f"unknown placeholder(s) {sorted(unknown)} in {text!r}")
        elif names != wanted_names or positional != wanted_positional:
            problems.append(
                f"placeholders differ from the msgid: {sorted(names)} vs {sorted(wanted_names)}"
                f" in {text!r}"
            )
    return problems


def _describe(key: MessageKey) -> str:
    return f"{key.msgid!r}" + (f" (context {key.msgctxt!r})" if key.msgctxt else "")


def translation_problems(
    catalog: Catalog, messages: dict[MessageKey, Message] | None = None
) -> list[str]:
    """Msgids used by the catalog's sources without a complete Russian translation: not in the
    .po, empty, fuzzy, a plural form missing, or placeholders that differ from the msgid; and a
    .po whose plural header is not the Russian one."""
    if messages is None:
        messages = extract_catalog(catalog)
    po_name = catalog.po_path.relative_to(catalog.root).as_posix()
    if not catalog.po_path.exists():
        if not messages:
            return []
        return [
            f"{po_name}: missing; {len(messages)} message(s) need a Russian translation "
            "(run `make messages`, then translate)"
        ]
    po = load_po(catalog)
    problems: list[str] = []
    if po.metadata.get("Plural-Forms", "").replace(" ", "") != PLURAL_FORMS.replace(" ", ""):
        problems.append(f"{po_name}: the Plural-Forms header is not the Russian one")
    entries = {_key_of(entry): entry for entry in po if not entry.obsolete}
    for key in sorted(messages):
        message = messages[key]
        entry = entries.get(key)
        if entry is None:
            problems.append(
                f"{po_name}: {_describe(key)} from {', '.join(message.paths)} is not in the "
                "catalog (run `make messages`)"
            )
            continue
        if entry.fuzzy:
            problems.append(f"{po_name}: {_describe(key)} is fuzzy (review the translation)")
        elif entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(NPLURALS)]
            missing = [str(index) for index, text in enumerate(forms) if not text]
            if missing:
                problems.append(
                    f"{po_name}: {_describe(key)} lacks plural form(s) {', '.join(missing)}"
                )
        elif not entry.msgstr:
            problems.append(f"{po_name}: {_describe(key)} has no Russian translation")
        problems.extend(
            f"{po_name}: {_describe(key)}: {problem}" for problem in _placeholder_problems(entry)
        )
    return problems


def mo_problems(catalog: Catalog) -> list[str]:
    """A .po without its .mo, or a .mo whose translations differ from what its .po compiles to
    (compared as bytes, then as parsed entries)."""
    if not catalog.po_path.exists():
        return []
    mo_name = catalog.mo_path.relative_to(catalog.root).as_posix()
    if not catalog.mo_path.exists():
        return [f"{mo_name}: missing (run `make messages`)"]
    compiled = catalog.mo_path.read_bytes()
    expected = mo_bytes(load_po(catalog))
    if compiled != expected and mo_entries(compiled) != mo_entries(expected):
        return [f"{mo_name}: out of date with its .po (run `make messages`)"]
    return []


def check_catalog(catalog: Catalog) -> list[str]:
    """Every problem of one catalog: translations, then the compiled file."""
    return translation_problems(catalog) + mo_problems(catalog)


def check_all(items: Iterable[Catalog]) -> list[str]:
    problems: list[str] = []
    for catalog in items:
        problems.extend(check_catalog(catalog))
    return problems
