"""Does a text look like it names a person, an address or a phone number?

A heuristic for the editor of minutes and documents (no case data belongs there): it warns, the
writer decides. It looks for phone numbers (Dutch and international), e-mail addresses, postcodes,
a street name with a house number, a date of birth, a BSN-like nine-digit number, and a person's
name after a title or form of address (dhr., mevrouw, ...).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

STREET = r"(?:straat|laan|weg|plein|dijk|gracht|kade|singel|steeg|pad|hof|dreef|markt|ring|allee)"
PATTERNS = (
    ("phone", re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){9}(?!\d)|(?<!\d)\+\d{2,3}[\s-]?(?:\d[\s-]?){7,11}")),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    ("postcode", re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")),
    ("address", re.compile(rf"\b[A-Z][a-zà-ÿ]+{STREET}\s+\d+[a-zA-Z]?\b|\b[A-Z][a-zà-ÿ]+\s+{STREET}\s+\d+\b")),
    ("birth_date", re.compile(r"\b(?:geb(?:oren)?\.?|geboortedatum)\s*:?\s*\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}",
                              re.IGNORECASE)),
    ("bsn", re.compile(r"(?<!\d)\d{9}(?!\d)")),
    ("person", re.compile(r"\b(?i:dhr\.?|mevr\.?|mw\.|mr\.|meneer|mevrouw|de heer)\s+[A-Z][a-zà-ÿ]+")),
)


def _labels() -> dict[str, str]:
    return {
        "phone": _("een telefoonnummer"),
        "email": _("een e-mailadres"),
        "postcode": _("een postcode"),
        "address": _("een adres"),
        "birth_date": _("een geboortedatum"),
        "bsn": _("een burgerservicenummer"),
        "person": _("de naam van een persoon"),
    }


def findings(text: str) -> list[str]:
    """What the text seems to contain, in words ('een telefoonnummer', ...); empty when nothing."""
    labels = _labels()
    found = []
    for key, pattern in PATTERNS:
        if pattern.search(text or ""):
            found.append(labels[key])
    return found


def warning(texts) -> str:
    """One sentence for the editor, or '' when the texts look clean."""
    found = []
    for text in texts:
        for item in findings(text):
            if item not in found:
                found.append(item)
    if not found:
        return ""
    return _("Deze tekst lijkt %(what)s te bevatten. Een verslag of document hoort geen casusgegevens te bevatten: "
             "haal die weg, of vink aan dat u het hebt gecontroleerd en sla opnieuw op.") % {"what": ", ".join(found)}
