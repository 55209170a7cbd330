"""What a file is, from its bytes: an allow-list, confirmed structurally. Table-driven, no database."""

import pytest
from django.core.exceptions import ValidationError

from schakel.privacy.sniffing import sniff

from .conftest import DOCX, HEIC, JPEG, ODS, ODT, PDF, PNG, TEXT, XLSM, XLSX, office_zip

ACCEPTED = [
    ("pdf", PDF, "application/pdf"),
    ("png", PNG, "image/png"),
    ("jpeg", JPEG, "image/jpeg"),
    ("heic photo from a phone", HEIC, "image/heic"),
    ("utf-8 text", TEXT, "text/plain; charset=utf-8"),
    ("utf-8 text with a byte-order mark", b"\xef\xbb\xbf" + TEXT, "text/plain; charset=utf-8"),
    ("word document", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("excel workbook", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("opendocument text", ODT, "application/vnd.oasis.opendocument.text"),
    ("opendocument spreadsheet", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
]

REFUSED = [
    ("empty file", b"", "empty"),
    ("windows executable", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 60, "not_allowed"),
    ("linux executable", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "not_allowed"),
    ("shell script", b"#!/bin/sh\nrm -rf /\n", "not_allowed"),
    ("html page", b"<!DOCTYPE html><html><body>Hallo</body></html>", "not_allowed"),
    ("html fragment with a script", b"Beste collega,\n<script>alert(1)</script>\n", "not_allowed"),
    ("svg image", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "not_allowed"),
    ("xml document", b'<?xml version="1.0"?><root/>', "not_allowed"),
    ("latin-1 text", "café".encode("latin-1"), "not_allowed"),
    ("text with control characters", b"tekst\x1b[31m rood", "not_allowed"),
    ("plain zip archive", office_zip({"a.txt": "hallo"}), "not_allowed"),
    ("excel workbook with macros", XLSM, "macros"),
    ("word document with a vba project", office_zip({"[Content_Types].xml": "<Types/>", "word/vbaProject.bin": b"x"}),
     "macros"),
    ("opendocument with basic macros", office_zip({"mimetype": "application/vnd.oasis.opendocument.text",
                                                   "Basic/Standard/Module1.xml": "<macro/>"}), "macros"),
    ("opendocument presentation", office_zip({"mimetype": "application/vnd.oasis.opendocument.presentation"}),
     "not_allowed"),
    ("legacy word document (OLE)", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 120, "not_allowed"),
    ("gif image", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not_allowed"),
    ("broken zip", b"PK\x03\x04garbage", "not_allowed"),
]


@pytest.mark.parametrize(("case", "data", "content_type"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_allowed_kinds_are_recognised_from_their_bytes(case, data, content_type):
    assert sniff(data).content_type == content_type


@pytest.mark.parametrize(("case", "data", "code"), REFUSED, ids=[row[0] for row in REFUSED])
def test_everything_else_is_refused_with_a_dutch_message(case, data, code):
    with pytest.raises(ValidationError) as refused:
        sniff(data)
    assert refused.value.code == code
    assert refused.value.messages[0][0].isupper() and refused.value.messages[0].endswith(".")


def test_password_protected_zip_is_refused():
    # The "encrypted" flag in a member header: nothing inside can be checked.
    data = bytearray(DOCX)
    index = data.find(b"PK\x01\x02")  # central directory entry: general purpose flag at offset 8
    data[index + 8] |= 0x01
    with pytest.raises(ValidationError) as refused:
        sniff(bytes(data))
    assert refused.value.code == "encrypted"


def test_zip_bomb_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        sniff(buffer.getvalue())
    assert refused.value.code == "zip_bomb"
