"""Reference data and people of the benchmark: 342 municipalities in 25 regions, their staff.

The municipalities and inhabitants come from the product's own loader (`load_reference_data`,
CBS 1-1-2026); it places 39 of them in the three project regions. The benchmark puts the
other 303 in synthetic regions so that the country has 25, as many as there are safety regions
(veiligheidsregio's), following how many each province has. Region names end in "(bench)".
"""

from __future__ import annotations

import csv
import datetime
import hashlib
from pathlib import Path

from bench.config import LARGEST_MUNICIPALITY, ROOT
from bench.dataset import REGIONS_PER_PROVINCE, Place, Plan, signal_weights

BENCH_PASSWORD_HASHES = 4


def load_reference_data(log=print) -> None:
    from django.core.management import call_command, get_commands

    commands = get_commands()
    if "load_reference_data" in commands:
        call_command("load_reference_data", verbosity=0)
    else:
        _load_municipalities_from_csv()
    if "load_indicators" in commands:
        call_command("load_indicators", verbosity=0)
    _place_in_regions(log)


def _csv_path() -> Path:
    for candidate in (ROOT / "src" / "schakel" / "organisations" / "data" / "municipalities.csv",
                      ROOT.parent / "shared" / "data" / "municipalities.csv"):
        if candidate.exists():
            return candidate
    raise SystemExit("municipalities.csv not found (neither the product's reference data nor shared/data)")


def _load_municipalities_from_csv() -> None:
    """Fallback while the product's loader is not there: municipalities, inhabitants, organisations."""
    from schakel.organisations.models import Municipality, Organisation, OrganisationKind, PopulationFigure

    with _csv_path().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            municipality, _ = Municipality.objects.update_or_create(
                cbs_code=row["cbs_code"], defaults={"name": row["name"], "province": row["province"]})
            PopulationFigure.objects.update_or_create(
                municipality=municipality, reference_date=datetime.date.fromisoformat(row["inhabitants_date"]),
                defaults={"inhabitants": int(row["inhabitants"]), "source": "CBS StatLine 86247NED"})
            Organisation.objects.get_or_create(
                name=f"Gemeente {row['name']}",
                defaults={"kind": OrganisationKind.MUNICIPALITY, "municipality": municipality})


def _place_in_regions(log) -> None:
    from django.utils.text import slugify

    from schakel.organisations.models import Municipality, Region, RegionMember

    municipalities = list(Municipality.objects.filter(active=True).select_related("region_membership__region")
                          .order_by("cbs_code"))
    by_province: dict[str, list] = {}
    existing_regions: dict[str, set[str]] = {}
    for municipality in municipalities:
        membership = getattr(municipality, "region_membership", None)
        if membership is None:
            by_province.setdefault(municipality.province, []).append(municipality)
        else:
            existing_regions.setdefault(municipality.province, set()).add(membership.region.name)
    for province, unplaced in sorted(by_province.items()):
        wanted = REGIONS_PER_PROVINCE.get(province, 1) - len(existing_regions.get(province, set()))
        wanted = max(1, wanted)
        # Contiguous slices of the CBS-ordered list: neighbours usually share a region.
        size = -(-len(unplaced) // wanted)
        for index in range(wanted):
            members = unplaced[index * size:(index + 1) * size]
            if not members:
                continue
            name = f"{province} {index + 1} (bench)"
            region, _ = Region.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            RegionMember.objects.bulk_create([RegionMember(region=region, municipality=m) for m in members])
    log(f"  regions: {Region.objects.count()}, municipalities placed: "
        f"{RegionMember.objects.count()} of {len(municipalities)}")


def create_people(log=print) -> dict:
    """Per municipality one to three focal officers and three staff reporters; bench users for the figures."""
    from schakel.accounts.models import Membership, User
    from schakel.accounts.roles import Role
    from schakel.organisations.models import Municipality, Organisation, OrganisationKind

    organisations = {o.municipality_id: o for o in
                     Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk")}
    municipalities = list(Municipality.objects.filter(active=True).order_by("cbs_code"))
    inhabitants = _inhabitants()
    users, hints, memberships = [], [], []
    for municipality in municipalities:
        size = inhabitants.get(municipality.pk, 10_000)
        officers = 3 if size > 400_000 else 2 if size > 100_000 else 1
        for n in range(officers):
            users.append(User(username=f"bench-af-{municipality.cbs_code}-{n}"))
            hints.append((Role.FOCAL_OFFICER, municipality.pk))
        for n in range(3):
            users.append(User(username=f"bench-melder-{municipality.cbs_code}-{n}"))
            hints.append((Role.REPORTER, municipality.pk))
    for user in users:
        user.email = f"{user.username}@bench.invalid"
        user.first_name = "Bench"
        user.last_name = user.username
        user.set_unusable_password()
    created = User.objects.bulk_create(users, batch_size=2000)
    for user, (role, municipality_id) in zip(created, hints):
        memberships.append(Membership(user=user, organisation=organisations[municipality_id], role=role))
    Membership.objects.bulk_create(memberships, batch_size=2000)
    log(f"  people: {len(created)} users with memberships")
    return {"users": len(created)}


def _inhabitants() -> dict[int, int]:
    from schakel.organisations.models import PopulationFigure

    latest: dict[int, tuple] = {}
    for figure in PopulationFigure.objects.all().values("municipality_id", "reference_date", "inhabitants"):
        key = figure["municipality_id"]
        if key not in latest or figure["reference_date"] > latest[key][0]:
            latest[key] = (figure["reference_date"], figure["inhabitants"])
    return {key: value[1] for key, value in latest.items()}


def make_plan(total: int, today: datetime.date) -> Plan:
    from django.contrib.auth.hashers import make_password

    from schakel.accounts.models import Membership
    from schakel.accounts.roles import Role
    from schakel.organisations.models import Municipality, Organisation, OrganisationKind, Region, RegionMember
    from schakel.signalling.models import Indicator

    inhabitants = _inhabitants()
    region_of = dict(RegionMember.objects.values_list("municipality_id", "region_id"))
    organisations = {o.municipality_id: o.pk for o in
                     Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("-pk")}
    officers: dict[int, list[int]] = {}
    reporters: dict[int, list[int]] = {}
    for user_id, municipality_id, role in Membership.objects.filter(
            user__username__startswith="bench-").values_list("user_id", "organisation__municipality_id", "role"):
        (officers if role == Role.FOCAL_OFFICER else reporters).setdefault(municipality_id, []).append(user_id)
    places = []
    for municipality in Municipality.objects.filter(active=True).order_by("cbs_code"):
        base = 1000 + int(hashlib.sha256(municipality.cbs_code.encode()).hexdigest(), 16) % 8900
        if municipality.cbs_code == LARGEST_MUNICIPALITY:
            base = 1011
        places.append(Place(
            municipality_id=municipality.pk, region_id=region_of[municipality.pk], name=municipality.name,
            inhabitants=inhabitants.get(municipality.pk, 10_000), organisation_id=organisations.get(municipality.pk),
            focal_officer_ids=sorted(officers[municipality.pk]), reporter_ids=sorted(reporters[municipality.pk]),
            postcode_base=base))
    indicator_ids: dict[str, list[int]] = {}
    for indicator_id, form in Indicator.objects.filter(active=True).values_list("pk", "form"):
        indicator_ids.setdefault(form, []).append(indicator_id)
    regions = {r.pk: r for r in Region.objects.all()}
    receipt_hashes = [make_password(f"bench-receipt-{n}") for n in range(BENCH_PASSWORD_HASHES)]
    return Plan(
        places=places, weights=signal_weights([p.inhabitants for p in places]), indicator_ids=indicator_ids,
        receipt_hashes=receipt_hashes, total=total, today=today,
        first_reaction_days={pk: r.first_reaction_days for pk, r in regions.items()},
        triage_days={pk: r.triage_days for pk, r in regions.items()},
    )
