"""Fixtures of the privacy tests: two known keys, dossiers (the test owner record), uploads."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.privacy.testapp.models import Dossier

KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()


@pytest.fixture
def dossier_in(db):
    """`dossier_in(municipality, **fields)` creates a dossier (the test app's personal-data record)."""

    def make(municipality, **fields):
        values = {"name": "Anna de Vries", "details": {"telefoon": "0612345678"}, **fields}
        return Dossier.objects.create(municipality=municipality, **values)

    return make


def upload(data: bytes, name: str = "bestand.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def office_zip(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


WORD_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'wordprocessingml.document.main+xml"/></Types>')
EXCEL_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
               'spreadsheetml.sheet.main+xml"/></Types>')
EXCEL_MACRO_TYPES = ('<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" '
                     'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>')

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32
DOCX = office_zip({"[Content_Types].xml": WORD_TYPES, "word/document.xml": "<w:document/>"})
XLSX = office_zip({"[Content_Types].xml": EXCEL_TYPES, "xl/workbook.xml": "<workbook/>"})
XLSM = office_zip({"[Content_Types].xml": EXCEL_MACRO_TYPES, "xl/workbook.xml": "<workbook/>",
                   "xl/vbaProject.bin": b"\x00macro"})
ODT = office_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})
ODS = office_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document/>"})
TEXT = "Gesprek met de wijkagent, één zin met accenten.\n".encode()
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
