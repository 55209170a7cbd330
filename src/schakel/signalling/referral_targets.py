"""Which kinds of organisation a direct referral may name, per referral target: one table.

A referral to the police names a police organisation (AVIM, or the Marechaussee where it does
police work), one to Veilig Thuis a Veilig Thuis, and so on. 'Anders' may name any kind. Pure
data and one predicate: no ORM, so the form, the selector and the service share it.
"""

from __future__ import annotations

from schakel.organisations.models import OrganisationKind

from .models import ReferralTarget

ORGANISATION_KINDS_BY_TARGET: dict[str, frozenset[str]] = {
    ReferralTarget.POLICE: frozenset({OrganisationKind.POLICE, OrganisationKind.KMAR}),
    ReferralTarget.VEILIG_THUIS: frozenset({OrganisationKind.VEILIG_THUIS}),
    # A wijkteam is run by the municipality itself or by a care provider it contracts.
    ReferralTarget.WIJKTEAM: frozenset({OrganisationKind.MUNICIPALITY, OrganisationKind.CARE_PROVIDER}),
    ReferralTarget.HANDHAVING: frozenset({OrganisationKind.MUNICIPALITY}),
    ReferralTarget.OTHER: frozenset(OrganisationKind.values),
}


def organisation_fits(to_kind: str, organisation_kind: str) -> bool:
    """May a referral to `to_kind` name an organisation of `organisation_kind`?"""
    return organisation_kind in ORGANISATION_KINDS_BY_TARGET.get(to_kind, frozenset())


def targets_for(organisation_kind: str) -> list[str]:
    """The referral targets an organisation of this kind fits, in the order of the choices."""
    return [target for target in ReferralTarget.values if organisation_fits(target, organisation_kind)]
