"""What a file really is, decided from its bytes: never from its name or the browser's word.

An allow-list. puremagic names the candidates from the leading bytes; each allowed kind is
then confirmed by its own structural check (signature, HEIF brand, the inner manifest of a
zip-based office document, valid UTF-8 without markup for plain text). Anything else is
refused: executables, scripts, HTML, SVG, XML, archives, legacy Office files (macros), ...
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Iterator

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    key: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one a download gets when the name lacks one

    @property
    def is_zip(self) -> bool:
        return self.key in {"docx", "xlsx", "odt", "ods"}


KINDS = {kind.key: kind for kind in (
    FileKind("pdf", "application/pdf", (".pdf",)),
    FileKind("png", "image/png", (".png",)),
    FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif")),
    FileKind("heic", "image/heic", (".heic", ".heif")),
    FileKind("text", "text/plain; charset=utf-8", (".txt", ".text", ".csv", ".log", ".md")),
    FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    FileKind("odt", "application/vnd.oasis.opendocument.text", (".odt",)),
    FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
)}

NOT_ALLOWED = _("Dit soort bestand kunnen we niet aannemen. Toegestaan zijn: PDF, foto's (JPEG, PNG, HEIC), "
                "platte tekst (UTF-8) en Word-, Excel- en OpenDocument-bestanden (.docx, .xlsx, .odt, .ods).")
WITH_MACROS = _("Office-bestanden met macro's nemen we niet aan. Sla het bestand op als .docx of .xlsx "
                "zonder macro's en probeer het opnieuw.")
PROTECTED = _("Met een wachtwoord beveiligde bestanden kunnen we niet controleren en nemen we niet aan.")
EMPTY = _("Het bestand is leeg.")

HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MANIFEST_READ_LIMIT = 1024 * 1024
MARKUP = re.compile(rb"<\s*(?:script|html|svg|iframe|frame|body|head|object|embed|meta|link|style|form|"
                    rb"base|math|xml|\?xml|!doctype)\b", re.IGNORECASE)
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def refuse(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _candidates(data: bytes) -> set[str]:
    try:
        matches = puremagic.magic_string(data)
    except puremagic.PureError:
        return set()
    return {match.mime_type for match in matches if match.mime_type} | {
        f"ext:{match.extension.lower()}" for match in matches if match.extension}


def sniff(data: bytes) -> FileKind:
    """The allowed kind of `data`, or a ValidationError with a Dutch message."""
    if not data:
        raise refuse(EMPTY, "empty")
    candidates = _candidates(data)
    if data.startswith(b"%PDF-") and "application/pdf" in candidates:
        return KINDS["pdf"]
    if data.startswith(b"\x89PNG\r\n\x1a\n") and "image/png" in candidates:
        return KINDS["png"]
    if data.startswith(b"\xff\xd8\xff") and "image/jpeg" in candidates:
        return KINDS["jpeg"]
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS and candidates & {"image/heif", "image/heic"}:
        return KINDS["heic"]
    if data.startswith(ZIP_SIGNATURE):
        return _office_kind(data)
    if not candidates:
        return _text_kind(data)
    raise refuse(NOT_ALLOWED, "not_allowed")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise refuse(NOT_ALLOWED, "not_allowed") from exc
    if any(member.flag_bits & 0x1 for member in members):
        raise refuse(PROTECTED, "encrypted")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * max(len(data), 1):
        raise refuse(NOT_ALLOWED, "zip_bomb")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        with archive.open(name) as handle:
            return handle.read(limit)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError) as exc:
        raise refuse(NOT_ALLOWED, "not_allowed") from exc


def _office_kind(data: bytes) -> FileKind:
    archive = _open_zip(data)
    names = set(archive.namelist())
    if any(name.lower().endswith(("vbaproject.bin", "vbadata.xml")) for name in names):
        raise refuse(WITH_MACROS, "macros")
    if "mimetype" in names:
        mimetype = _read_member(archive, "mimetype", 200).strip()
        if any(name.lower().startswith("basic/") or name.lower().startswith("scripts/") for name in names):
            raise refuse(WITH_MACROS, "macros")
        if mimetype == b"application/vnd.oasis.opendocument.text":
            return KINDS["odt"]
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            return KINDS["ods"]
        raise refuse(NOT_ALLOWED, "not_allowed")
    if "[Content_Types].xml" in names:
        manifest = _read_member(archive, "[Content_Types].xml", MANIFEST_READ_LIMIT)
        if b"macroEnabled" in manifest or b"vbaProject" in manifest:
            raise refuse(WITH_MACROS, "macros")
        if b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" in manifest:
            return KINDS["docx"]
        if b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" in manifest:
            return KINDS["xlsx"]
    raise refuse(NOT_ALLOWED, "not_allowed")


def _text_kind(data: bytes) -> FileKind:
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(NOT_ALLOWED, "not_allowed") from exc
    if CONTROL_BYTES.search(body) or body.lstrip().startswith(b"#!") or MARKUP.search(body):
        raise refuse(NOT_ALLOWED, "not_allowed")
    return KINDS["text"]


def zip_members(data: bytes) -> Iterator[bytes]:
    """The unpacked members of an (already sniffed) zip-based document, one at a time, for scanning."""
    archive = _open_zip(data)
    for member in archive.infolist():
        if not member.is_dir():
            yield _read_member(archive, member.filename, MAX_UNPACKED_BYTES)
