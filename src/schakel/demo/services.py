"""Loading the synthetic demo region: never in production, idempotent, clearly marked as demo.

Creates the demo region with four fictional municipalities (GM99xx), their municipal
organisations, a region office and partner organisations, and demo users for every role
(password `people.DEMO_PASSWORD`; a TOTP authenticator plus recovery codes, created through
allauth, for every role that needs a second factor). Then runs the demo-record loaders other
apps registered (see `loaders.py`). Real municipalities and their data are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from schakel import clock
from schakel.accounts.models import Membership, User
from schakel.accounts.roles import PERSONAL_DATA_ROLES, Role
from schakel.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    PopulationFigure,
    Region,
    RegionMember,
)

from . import people
from .loaders import DemoContext, DemoLoaderRegistry, registry as default_registry


class DemoDataRefused(RuntimeError):
    """Demo data may not be loaded here (production), or would overwrite something real."""


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    loaders: list[tuple[str, str]] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1


def refuse_in_production() -> None:
    if getattr(settings, "PRODUCTION", False) or getattr(settings, "ENVIRONMENT", "") == "production":
        raise DemoDataRefused("Demogegevens worden nooit in productie geladen (SCHAKEL_ENVIRONMENT=production).")


def load_demo_data(*, registry: DemoLoaderRegistry | None = None, discover: bool = True) -> DemoReport:
    """Create or complete the demo region, then run every registered demo loader. Idempotent.

    The loaders act through the apps' services, which mail people (links only) right away or after
    the commit. Demo people are fictional and there may be no mail server yet: nothing leaves while
    the demo is built, the after-commit mail included (hence the override around the transaction).
    """
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _load_demo_data(registry=registry, discover=discover)


@transaction.atomic
def _load_demo_data(*, registry: DemoLoaderRegistry | None, discover: bool) -> DemoReport:
    refuse_in_production()
    if registry is None:
        registry = default_registry
        if discover:
            registry.autodiscover()
    report = DemoReport()
    region = _region(report)
    municipalities = [_municipality(spec, region, report) for spec in people.MUNICIPALITIES]
    organisations = _organisations(region, municipalities, report)
    users = _users(organisations, municipalities, report)
    context = DemoContext(
        region=region, municipalities=municipalities, organisations=organisations,
        users={role.value: [users[spec.username] for spec in people.DEMO_USERS if spec.role == role]
               for role in Role},
        users_by_username=users, now=clock.now())
    for loader in registry.loaders():
        summary = loader.func(context.for_loader(loader.name))
        report.loaders.append((loader.name, summary or ""))
    return report


def _region(report: DemoReport) -> Region:
    region = Region.objects.filter(slug=people.REGION_SLUG).first()
    if region is not None and not region.is_demo:
        raise DemoDataRefused(f"Regio {people.REGION_SLUG!r} bestaat al en is geen demoregio.")
    if region is None:
        region = Region.objects.create(name=people.REGION_NAME, slug=people.REGION_SLUG, is_demo=True)
        report.count("regio", True)
    return region


def _municipality(spec: people.DemoMunicipality, region: Region, report: DemoReport) -> Municipality:
    municipality, created = Municipality.objects.get_or_create(
        cbs_code=spec.cbs_code, defaults={"name": spec.name, "province": people.PROVINCE})
    membership = getattr(municipality, "region_membership", None) if not created else None
    if membership is not None and membership.region_id != region.pk:
        raise DemoDataRefused(f"{spec.cbs_code} hoort al bij regio {membership.region}, niet bij de demoregio.")
    if membership is None:
        RegionMember.objects.create(region=region, municipality=municipality)
    _, figure_created = PopulationFigure.objects.get_or_create(
        municipality=municipality, reference_date=people.POPULATION_DATE,
        defaults={"inhabitants": spec.inhabitants, "source": people.POPULATION_SOURCE})
    report.count("gemeente", created)
    report.count("inwonertal", figure_created)
    return municipality


def _organisation(name: str, kind: str, report: DemoReport, **fields) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is not None and not organisation.is_demo:
        raise DemoDataRefused(f"Organisatie {name!r} bestaat al en is geen demo-organisatie.")
    if organisation is None:
        organisation = Organisation.objects.create(name=name, kind=kind, is_demo=True, **fields)
        report.count("organisatie", True)
    return organisation


def _organisations(region: Region, municipalities: list[Municipality], report: DemoReport) -> dict[str, Organisation]:
    organisations = {
        municipality.cbs_code: _organisation(f"Gemeente {municipality.name}", OrganisationKind.MUNICIPALITY, report,
                                             municipality=municipality,
                                             email=people.email_for(f"info-{municipality.cbs_code.lower()}"))
        for municipality in municipalities
    }
    for spec in people.ORGANISATIONS:
        organisations[spec.key] = _organisation(spec.name, spec.kind, report, region=region,
                                                email=people.email_for(f"info-{spec.key.replace('_', '-')}"))
    return organisations


def _users(organisations: dict[str, Organisation], municipalities: list[Municipality],
           report: DemoReport) -> dict[str, User]:
    by_code = {municipality.cbs_code: municipality for municipality in municipalities}
    users: dict[str, User] = {}
    for spec in people.DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is not None and not user.is_demo:
            raise DemoDataRefused(f"Gebruiker {spec.username!r} bestaat al en is geen demo-account.")
        if user is None:
            user = User(username=spec.username, email=people.email_for(spec.username), first_name=spec.first_name,
                        last_name=spec.last_name, is_demo=True)
            validate_password(people.DEMO_PASSWORD, user)
            user.set_password(people.DEMO_PASSWORD)
            user.save()
            report.count("gebruiker", True)
        users[spec.username] = user
    for spec in people.DEMO_USERS:
        membership, created = Membership.objects.get_or_create(
            user=users[spec.username], organisation=organisations[spec.organisation], role=spec.role)
        if created:
            if spec.acts_for:
                membership.acts_for.set([by_code[code] for code in spec.acts_for])
            report.count("lidmaatschap", True)
    for spec in people.DEMO_USERS:
        if spec.backup:
            Membership.objects.filter(user=users[spec.username], organisation=organisations[spec.organisation],
                                      role=spec.role, backup__isnull=True).update(backup=users[spec.backup])
        if spec.role in PERSONAL_DATA_ROLES:
            _ensure_second_factor(users[spec.username], report)
    return users


def _ensure_second_factor(user: User, report: DemoReport) -> None:
    """A TOTP authenticator and recovery codes, made by allauth, so the demo login shows a code."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
        report.count("authenticator", True)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


def logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role label, organisation name) of every demo account, in a fixed order."""
    order = {spec.username: index for index, spec in enumerate(people.DEMO_USERS)}
    memberships = (Membership.objects.filter(user__is_demo=True, user__username__in=order, active=True)
                   .select_related("user", "organisation"))
    rows = sorted(memberships, key=lambda m: (order[m.user.username], m.pk))
    return [(m.user.username, people.DEMO_PASSWORD, str(m.get_role_display()), m.organisation.name) for m in rows]
