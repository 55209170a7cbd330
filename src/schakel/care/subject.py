"""Data-subject requests (GDPR art. 15): the care cases about a person, found by the name's blind index.

Only the cases whose name token matches are opened; a recorded date of birth must match a given one.
What the case holds about the client is handed over; contact reports, what was shared in referrals
and the history's reasons are withheld for separate review, because they can hold others' data.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from schakel.privacy.subject_requests import SubjectRecord, Withheld

from .models import CareCase
from .selectors import needs_overview
from .services.cases import name_token


def _day(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else None


def about_client(case: CareCase) -> dict:
    reflection = getattr(case, "reflection", None)
    return {
        "naam": case.name, "geboortedatum": _day(case.date_of_birth), "geslacht": str(case.get_gender_display()),
        "nationaliteit": str(case.get_nationality_display()), "talen": case.languages,
        "tolk_nodig": case.interpreter_needed, "verblijfssituatie": str(case.get_residence_display()),
        "minderjarig": case.minor, "voogd": str(case.get_guardian_display()) if case.guardian else "",
        "vormen_van_uitbuiting": case.get_forms_display(),
        "verantwoordelijke_gemeente": case.municipality.name, "aangemeld_op": _day(case.opened_on),
        "afgesloten_op": _day(case.closed_on),
        "hulpvragen": {str(row["label"]): str(row["status_label"]) for row in needs_overview(case) if row["need"]},
        "opvang": [{"soort": str(p.get_kind_display()), "aanbieder": p.provider_label, "van": _day(p.starts_on),
                    "tot": _day(p.ends_on)} for p in case.placements.select_related("provider")],
        "bedenktijd": None if reflection is None else {
            "van": _day(reflection.starts_on), "tot": _day(reflection.effective_end),
            "besluit": str(reflection.get_decision_display()), "b8_aangevraagd_op": _day(reflection.b8_applied_on),
            "b8_uitkomst": str(reflection.get_b8_outcome_display()) if reflection.b8_outcome else ""},
        "toestemmingen": [{"doel": str(c.get_purpose_display()), "organisatie": c.organisation.name if c.organisation
                           else "", "gegeven_op": _day(c.given_on), "ingetrokken_op": _day(c.withdrawn_on),
                           "grondslag": c.legal_ground} for c in case.consents.select_related("organisation")],
        "verwijzingen": [{"organisatie": r.organisation.name, "vraag": r.request, "status": str(r.get_status_display())}
                         for r in case.referrals.select_related("organisation")],
    }


def find_subject(*, name: str, birth_date: datetime.date | None, municipality_ids) -> list[SubjectRecord]:
    token = name_token(name)
    if not token or not municipality_ids:
        return []
    found = []
    for case in (CareCase.objects.filter(name_token=token, municipality_id__in=sorted(municipality_ids))
                 .select_related("municipality").order_by("opened_on", "pk")):
        if birth_date and case.date_of_birth and case.date_of_birth != birth_date:
            continue
        match = "naam en geboortedatum" if birth_date and case.date_of_birth else "alleen naam"
        found.append(SubjectRecord(
            record_type=CareCase._meta.label_lower, record_id=str(case.pk), noun=str(_("Zorgtraject")),
            reference=case.client_number, received_on=case.opened_on, municipality=case.municipality.name,
            status=str(case.get_status_display()), match=match, about_subject=about_client(case),
            withheld=[
                Withheld(str(_("Verslagen van contacten, wat in verwijzingen is gedeeld, en redenen in de "
                               "geschiedenis")),
                         str(_("Kunnen gegevens van anderen bevatten (AVG art. 15 lid 4); beoordeel ze apart voor u "
                               "ze verstrekt."))),
            ]))
    return found
