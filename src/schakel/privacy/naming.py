"""Records and roles in words for the privacy officer: "Signaal 2026-000001", "Aandachtsfunctionaris".

Apps register how their records are named (`register_record_namer(model, references=...)`,
`references(ids) -> {id: reference}` in one query). Other record types get their model's name and
number; a record that no longer exists (purged) says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.apps import apps
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role

_NAMERS: dict[str, Callable] = {}
_ROLE_LABELS = dict(Role.choices)


def register_record_namer(model, *, references: Callable[[list[str]], dict]) -> None:
    _NAMERS[model._meta.label_lower] = references


def noun_of(record_type: str) -> str:
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return record_type
    return str(model._meta.verbose_name).capitalize()


def describe_records(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """{(record_type, record_id): words} for every pair, with one query per record type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for record_type, record_id in pairs:
        if record_type:
            wanted[record_type].add(str(record_id))
    words: dict[tuple[str, str], str] = {}
    for record_type, ids in wanted.items():
        noun = noun_of(record_type)
        namer = _NAMERS.get(record_type)
        known = {str(key): value for key, value in namer(sorted(ids)).items()} if namer else {}
        for record_id in ids:
            if not record_id:
                words[(record_type, record_id)] = noun
            elif record_id in known:
                words[(record_type, record_id)] = f"{noun} {known[record_id]}"
            elif namer:
                words[(record_type, record_id)] = _("%(noun)s nr. %(id)s (niet meer aanwezig)") % {
                    "noun": noun, "id": record_id}
            else:
                words[(record_type, record_id)] = f"{noun} {record_id}"
    return words


def role_words(roles: str) -> str:
    """"focal_officer,privacy_officer" as "Aandachtsfunctionaris, Privacyfunctionaris"."""
    return ", ".join(str(_ROLE_LABELS.get(role.strip(), role.strip())) for role in (roles or "").split(",")
                     if role.strip())


def annotate_entries(entries) -> list:
    """Give each access-log row (or grant, flag) `record_words` and `role_words` for the page."""
    entries = list(entries)
    names = describe_records((getattr(entry, "record_type", ""), getattr(entry, "record_id", "")) for entry in entries)
    for entry in entries:
        record_type = getattr(entry, "record_type", "")
        record_id = str(getattr(entry, "record_id", ""))
        entry.record_words = names.get((record_type, record_id), "") if record_type else ""
        entry.role_words = role_words(getattr(entry, "role", ""))
    return entries
