"""Uploaded files: ONE check for every upload (homework files now, messages and announcements
later) and ONE way to hand a stored file back. The check refuses an empty file, one over the
size limit, a forbidden extension and a content that is not what its extension says, for the
formats whose header tells them apart cheaply (an .exe renamed to .pdf is refused); it cleans
the name (no path, no control characters, at most 255 characters). The content type stored is
the one the extension implies, never the one the browser sent."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

NAME_MAX = 255
HEADER_BYTES = 16

#: The content type of each extension (what is stored and sent back).
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".zip": "application/zip",
}

_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
#: The headers a file of the extension starts with (extensions not listed are not sniffed).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".rtf": (b"{\\rtf",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".zip": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
}
#: Programs, refused whatever their extension says (a text file does not start like this).
EXECUTABLES = (
    b"MZ",  # Windows
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # macOS
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)


@dataclass(frozen=True)
class CleanUpload:
    """What the check found: the name to show, the size in bytes, the content type."""

    name: str
    size: int
    content_type: str

    @property
    def extension(self) -> str:
        return _extension(self.name)


def megabytes(size: int) -> str:
    """A size in МБ for messages: «10», «2,5» (the active language's decimal mark)."""
    value = round(size / (1024 * 1024), 1)
    if value == int(value):
        return str(int(value))
    return number_format(value, decimal_pos=1)


def clean_name(raw: str) -> str:
    """The file's own name: no folders (either slash), no control characters, spaces
    collapsed, at most 255 characters (the extension kept). Empty when nothing is left."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > NAME_MAX:
        suffix = _extension(name)
        suffix = suffix if len(suffix) <= 16 else ""
        name = name[: NAME_MAX - len(suffix)].rstrip(" .") + suffix
    return name


def _extension(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix.lower()}" if dot and stem else ""


def _size(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, 2)
    end = int(file.tell())
    file.seek(position)
    return end


def _header(file: Any) -> bytes:
    file.seek(0)
    head = file.read(HEADER_BYTES)
    file.seek(0)
    return bytes(head or b"")


def _content_matches(extension: str, head: bytes) -> bool:
    if head.startswith(EXECUTABLES):
        return False
    if extension == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension == ".mp4":
        return head[4:8] == b"ftyp"
    if extension == ".mp3":
        return head.startswith(b"ID3") or (
            len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
        )
    signatures = SIGNATURES.get(extension)
    return signatures is None or head.startswith(signatures)


def _allowed_list(extensions: Iterable[str]) -> str:
    return ", ".join(ext.lstrip(".") for ext in extensions)


def validate_upload(
    file: Any,
    *,
    max_bytes: int | None = None,
    extensions: Iterable[str] | None = None,
) -> CleanUpload:
    """Check one uploaded file (a Django `UploadedFile` or any binary file object with a
    `name`) and answer its clean name, size and content type; `ValidationError` with a message
    naming the file otherwise. Defaults: `PARTA_UPLOAD_MAX_BYTES`, `PARTA_UPLOAD_EXTENSIONS`."""
    limit = settings.PARTA_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    allowed = tuple(
        ext.lower()
        for ext in (settings.PARTA_UPLOAD_EXTENSIONS if extensions is None else extensions)
    )
    name = clean_name(str(getattr(file, "name", "") or ""))
    if not name:
        raise ValidationError(_("The file has no name."), code="name")
    extension = _extension(name)
    if extension not in allowed:
        if extension:
            message = _(
                "Files of type «%(extension)s» cannot be attached (the file «%(name)s»). "
                "Allowed: %(allowed)s."
            )
        else:
            message = _("The file «%(name)s» has no extension. Allowed: %(allowed)s.")
        raise ValidationError(
            message
            % {"extension": extension.lstrip("."), "name": name, "allowed": _allowed_list(allowed)},
            code="extension",
        )
    size = _size(file)
    if size <= 0:
        raise ValidationError(_("The file «%(name)s» is empty.") % {"name": name}, code="empty")
    if size > limit:
        raise ValidationError(
            _("The file «%(name)s» is too large (%(size)s MB): at most %(limit)s MB.")
            % {"name": name, "size": megabytes(size), "limit": megabytes(limit)},
            code="too_large",
        )
    if not _content_matches(extension, _header(file)):
        raise ValidationError(
            _(
                "The file «%(name)s» is not a %(extension)s file: its content does not match "
                "its extension."
            )
            % {"name": name, "extension": extension.lstrip(".")},
            code="content",
        )
    return CleanUpload(
        name=name, size=size, content_type=CONTENT_TYPES.get(extension, "application/octet-stream")
    )


def attachment_response(stream: IO[bytes], *, name: str, content_type: str) -> FileResponse:
    """Send a stored file as a download under its original name (RFC 5987 `filename*` for
    Cyrillic), never rendered by the browser as something else, never cached by a shared
    cache."""
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def validate_uploads(files: Iterable[Any]) -> list[CleanUpload]:
    """`validate_upload` for each file; one `ValidationError` listing every refused file, so
    the user learns of all of them at once and nothing is stored."""
    cleaned: list[CleanUpload] = []
    errors: list[ValidationError] = []
    for file in files:
        try:
            cleaned.append(validate_upload(file))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def store_upload(row: Any, upload: Any, clean: CleanUpload, stored_names: list[str]) -> None:
    """Store the content of `upload` in the file field `row.file` under its clean name and
    note the storage name in `stored_names` (for `delete_stored` if the transaction fails).
    The row itself is not saved."""
    from django.core.files import File

    content = upload if isinstance(upload, File) else File(upload, name=clean.name)
    content.seek(0)
    row.file.save(clean.name, content, save=False)
    stored_names.append(row.file.name)


def file_storage(model: Any) -> Any:
    """The storage of the `file` field of `model` (an attachment model)."""
    return model._meta.get_field("file").storage


def delete_stored(model: Any, names: Iterable[str]) -> None:
    """Remove stored files of `model`'s `file` field by their storage names (empty and
    missing ones are skipped)."""
    storage = file_storage(model)
    for name in names:
        if name:
            storage.delete(name)


def delete_stored_on_commit(model: Any, names: Iterable[str]) -> None:
    """Remove the stored files once the current transaction has committed (a rollback keeps
    them, with their rows)."""
    from django.db import transaction

    pending = [name for name in names if name]
    if pending:
        transaction.on_commit(lambda: delete_stored(model, pending))
