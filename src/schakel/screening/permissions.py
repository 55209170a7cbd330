"""Who may do what at the screening table: named predicates in the one permission table.

The chain director (ketenregisseur) of a region prepares the agenda, chairs the meeting and
keeps the minutes. A focal officer puts their own municipality's signals forward and sees those
items. A partner member sees the agenda items of meetings their organisation takes part in.
The minutes are for those present and the chain director.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for


def chaired_regions(user) -> frozenset[int]:
    return scope_for(user).regions_for(Role.CHAIN_DIRECTOR)


def partner_organisations(user) -> frozenset[int]:
    return scope_for(user).organisations_for(Role.PARTNER_MEMBER)


@rules.predicate
def chairs(user, meeting) -> bool:
    """The chain director of the meeting's region (true without an object: role check only)."""
    if meeting is None:
        return True
    return meeting.region_id in chaired_regions(user)


@rules.predicate
def takes_part(user, meeting) -> bool:
    if meeting is None:
        return True
    organisations = partner_organisations(user)
    return bool(organisations) and meeting.participants.filter(pk__in=sorted(organisations)).exists()


@rules.predicate
def was_present(user, meeting) -> bool:
    if meeting is None:
        return True
    return meeting.attendance.filter(user_id=user.pk).exists()


chair_meetings = role_permission(
    "screening.chair", roles={Role.CHAIN_DIRECTOR}, predicate=chairs,
    description=_("Het screeningsoverleg van de eigen regio instellen, de agenda voorbereiden en versturen, "
                  "het overleg voorzitten, besluiten en routes vastleggen, notulen maken"))

attend_meetings = role_permission(
    "screening.attend", roles={Role.CHAIN_DIRECTOR, Role.FOCAL_OFFICER, Role.PARTNER_MEMBER},
    description=_("Het screeningsoverleg volgen: de kalender en de overleggen van de eigen regio of waaraan de "
                  "eigen organisatie deelneemt (wat men van een agenda ziet, hangt af van de rol)"))

put_forward_signals = role_permission(
    "screening.put_forward", roles={Role.FOCAL_OFFICER},
    description=_("Signalen van de eigen gemeente aanmelden voor het screeningsoverleg en terugtrekken zolang "
                  "de agenda niet is verstuurd"))

read_partner_agenda = role_permission(
    "screening.read_agenda", roles={Role.PARTNER_MEMBER}, predicate=takes_part,
    description=_("De agendapunten lezen van de overleggen waaraan de eigen organisatie deelneemt"))

read_minutes = role_permission(
    "screening.read_minutes", roles={Role.CHAIN_DIRECTOR, Role.PARTNER_MEMBER, Role.FOCAL_OFFICER,
                                     Role.CARE_COORDINATOR},
    predicate=chairs | was_present,
    description=_("De notulen van een overleg lezen en downloaden: de ketenregisseur en wie aanwezig was"))


def can_chair(user, meeting=None) -> bool:
    return has_permission(user, "screening.chair", meeting)


def can_put_forward(user) -> bool:
    return has_permission(user, "screening.put_forward", None)


def can_read_agenda(user, meeting=None) -> bool:
    return has_permission(user, "screening.read_agenda", meeting)


def can_read_minutes(user, meeting=None) -> bool:
    return has_permission(user, "screening.read_minutes", meeting)
