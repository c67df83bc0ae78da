"""The one upload check: names, sizes, extensions and contents; and the download answer."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from parta.core.files import (
    CONTENT_TYPES,
    attachment_response,
    clean_name,
    megabytes,
    validate_upload,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
GIF = b"GIF89a\x01\x00\x01\x00"
ZIP = b"PK\x03\x04\x14\x00\x06\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
ELF = b"\x7fELF\x02\x01\x01\x00"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/x-whatever")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Задание.pdf", PDF, "application/pdf"),
        ("схема.PNG", PNG, "image/png"),
        ("фото.jpg", JPEG, "image/jpeg"),
        ("фото.jpeg", JPEG, "image/jpeg"),
        ("анимация.gif", GIF, "image/gif"),
        ("реферат.docx", ZIP, CONTENT_TYPES[".docx"]),
        ("таблица.xlsx", ZIP, CONTENT_TYPES[".xlsx"]),
        ("слайды.pptx", ZIP, CONTENT_TYPES[".pptx"]),
        ("текст.odt", ZIP, CONTENT_TYPES[".odt"]),
        ("таблица.ods", ZIP, CONTENT_TYPES[".ods"]),
        ("слайды.odp", ZIP, CONTENT_TYPES[".odp"]),
        ("архив.zip", ZIP, "application/zip"),
        ("старый.doc", OLE, "application/msword"),
        ("старый.xls", OLE, "application/vnd.ms-excel"),
        ("старый.ppt", OLE, "application/vnd.ms-powerpoint"),
        ("заметка.txt", "Решить № 1–5".encode(), "text/plain"),
        ("письмо.rtf", b"{\\rtf1\\ansi", "application/rtf"),
        ("картинка.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("песня.mp3", b"ID3\x03\x00\x00\x00", "audio/mpeg"),
        ("видео.mp4", b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
    ],
)
def test_allowed_files_pass_with_the_type_of_their_extension(name, content, content_type):
    # given a file whose content matches its allowed extension; when it is checked
    clean = validate_upload(upload(name, content))
    # then it passes with its name, size and the extension's content type (not the browser's)
    assert clean.name == name
    assert clean.size == len(content)
    assert clean.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("пусто.pdf", b"", "empty", "The file «пусто.pdf» is empty."),
        (
            "вирус.exe",
            EXE,
            "extension",
            "Files of type «exe» cannot be attached (the file «вирус.exe»). Allowed: pdf, png.",
        ),
        ("README", b"text", "extension", "The file «README» has no extension. Allowed: pdf, png."),
        (
            "задание.pdf",
            EXE,
            "content",
            "The file «задание.pdf» is not a pdf file: its content does not match its extension.",
        ),
        (
            "картинка.png",
            PDF,
            "content",
            "The file «картинка.png» is not a png file: its content does not match its extension.",
        ),
        ("...", PDF, "name", "The file has no name."),
    ],
)
def test_refusals_name_the_file_and_the_reason(name, content, code, message):
    # given a file that must be refused; when it is checked against pdf and png
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), extensions=[".pdf", ".PNG"])
    # then the message says which file and why
    assert caught.value.code == code
    assert caught.value.messages == [message]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("программа.txt", EXE),
        ("программа.txt", ELF),
        ("программа.docx", EXE),
        ("программа.doc", ZIP),
        ("программа.jpg", PNG),
        ("программа.mp4", EXE),
        ("программа.webp", b"RIFF\x00\x00\x00\x00AVI "),
    ],
)
def test_programs_and_disguised_files_are_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    assert caught.value.code == "content"


@pytest.mark.parametrize(
    ("size", "limit", "passes"),
    [(1024, 1024, True), (1025, 1024, False), (10 * 1024 * 1024 + 1, None, False)],
)
def test_size_limit(size, limit, passes):
    # given a text file of `size` bytes; when it is checked against `limit` (default: 10 MB)
    file = upload("длинный.txt", b"a" * size)
    if passes:
        assert validate_upload(file, max_bytes=limit).size == size
        return
    with pytest.raises(ValidationError) as caught:
        validate_upload(file, max_bytes=limit)
    # then the message names the limit in MB
    assert caught.value.code == "too_large"
    assert "at most" in caught.value.messages[0]


def test_too_large_message_names_sizes_in_megabytes():
    file = upload("большой.pdf", PDF + b"0" * (5 * 1024 * 1024 // 2))
    with pytest.raises(ValidationError) as caught:
        validate_upload(file, max_bytes=2 * 1024 * 1024)
    assert caught.value.messages == ["The file «большой.pdf» is too large (2.5 MB): at most 2 MB."]


def test_the_limit_in_russian_uses_a_decimal_comma():
    with translation.override("ru"):
        assert megabytes(5 * 1024 * 1024 // 2) == "2,5"
        assert megabytes(10 * 1024 * 1024) == "10"


@override_settings(PARTA_UPLOAD_MAX_BYTES=8, PARTA_UPLOAD_EXTENSIONS=(".txt",))
def test_defaults_come_from_the_settings():
    assert validate_upload(upload("мало.txt", b"12345678")).size == 8
    with pytest.raises(ValidationError):
        validate_upload(upload("много.txt", b"123456789"))
    with pytest.raises(ValidationError):
        validate_upload(upload("файл.pdf", PDF[:8]))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\Ученик\\Домашка.pdf", "Домашка.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("  Задание   №1 .pdf  ", "Задание №1 .pdf"),
        ("имя\x00\x1f\u202e.pdf", "имя.pdf"),
        ("..", ""),
        ("а" * 300 + ".pdf", "а" * 251 + ".pdf"),
    ],
)
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean
    assert len(clean_name(raw)) <= 255


def test_a_plain_file_object_is_checked_and_left_at_its_start():
    # given a file object without a size (not an upload)
    stream = io.BytesIO(PDF)
    stream.name = "отчёт.pdf"
    # when it is checked; then it passes and can still be read from the start
    assert validate_upload(stream).size == len(PDF)
    assert stream.read() == PDF


def test_attachment_response_names_the_file_for_every_browser():
    # given a Cyrillic file name; when the file is sent
    response = attachment_response(
        io.BytesIO(PDF), name="Домашнее задание.pdf", content_type="application/pdf"
    )
    # then it is an attachment with an RFC 5987 name, not sniffed, not cached by others
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%D0%94%D0%BE%D0%BC" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert response.getvalue() == PDF
