"""Loading the screening table of the benchmark dataset (bench/screening.py generates the rows):
the region's partner organisations and people, the tables in column order, the insert.

Rows go in as the signal rows do: in the column order of each model's table (`dataset.Table`),
every encrypted value sealed by the product's own field (`EncryptedTextField.get_prep_value`),
COPY on PostgreSQL and executemany elsewhere, in one transaction; then the id sequences move on.
"""

from __future__ import annotations

from bench.dataset import Table


# --- the organisations and people --------------------------------------------------------

def create_partners(log=print) -> dict[int, dict]:
    """Per region: the region office (existing or new), police, labour inspectorate and their people.

    Returns region id -> {"office", "police", "inspectorate", "chair", "police_user", "inspector"} (ids).
    """
    from schakel.accounts.models import Membership, User
    from schakel.accounts.roles import Role
    from schakel.organisations.models import Organisation, OrganisationKind, Region

    out: dict[int, dict] = {}
    offices = {o.region_id: o for o in Organisation.objects.filter(kind=OrganisationKind.REGION_OFFICE)
               .exclude(region=None).order_by("pk")}
    wanted = (("police", OrganisationKind.POLICE, "Politie (AVIM) {name}", Role.PARTNER_MEMBER, "politie"),
              ("inspectorate", OrganisationKind.LABOUR_INSPECTORATE, "Arbeidsinspectie {name}", Role.PARTNER_MEMBER,
               "nla"))
    for region in Region.objects.order_by("pk"):
        office = offices.get(region.pk) or Organisation.objects.get_or_create(
            name=f"Regiobureau {region.name}", defaults={"kind": OrganisationKind.REGION_OFFICE, "region": region})[0]
        entry = {"office": office.pk}
        people = [("chair", office, Role.CHAIN_DIRECTOR, f"bench-kr-{region.slug}")]
        for key, kind, name, role, prefix in wanted:
            organisation, _ = Organisation.objects.get_or_create(
                name=name.format(name=region.name), defaults={"kind": kind, "region": region})
            entry[key] = organisation.pk
            people.append(({"police": "police_user", "inspectorate": "inspector"}[key], organisation, role,
                           f"bench-{prefix}-{region.slug}-0"))
        for key, organisation, role, username in people:
            user, created = User.objects.get_or_create(username=username, defaults={
                "email": f"{username}@bench.invalid", "first_name": "Bench", "last_name": username})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
            entry[key] = user.pk
        out[region.pk] = entry
    log(f"  screening partners: {len(out)} regions with a region office, police, labour inspectorate "
        f"and {3 * len(out)} people")
    return out


# --- loading ----------------------------------------------------------------------------

def tables(vendor: str, connection=None) -> dict[str, Table]:
    from schakel.actions.models import Action, ActionEvent
    from schakel.screening.models import AgendaItem, Attendance, Meeting, MeetingSeries, Route

    return {
        "series": Table(MeetingSeries, with_id=True, vendor=vendor, connection=connection),
        "series_participants": Table(MeetingSeries.participants.through, with_id=False, vendor=vendor,
                                     connection=connection),
        "meeting": Table(Meeting, with_id=True, vendor=vendor, connection=connection),
        "meeting_participants": Table(Meeting.participants.through, with_id=False, vendor=vendor,
                                      connection=connection),
        "attendance": Table(Attendance, with_id=False, vendor=vendor, connection=connection),
        "item": Table(AgendaItem, with_id=True, vendor=vendor, connection=connection),
        "route": Table(Route, with_id=True, vendor=vendor, connection=connection),
        "action": Table(Action, with_id=True, vendor=vendor, connection=connection),
        "action_event": Table(ActionEvent, with_id=False, vendor=vendor, connection=connection),
    }


def load(rows) -> dict[str, int]:
    """Insert every table's rows in one transaction (parents first), then move the id sequences on."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    vendor = connection.vendor
    by_name = tables(vendor, connection)
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for name, table in by_name.items():
            values = [tuple(table.values(row)) for row in rows.rows.get(name, [])]
            counts[name] = len(values)
            if not values:
                continue
            columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
            if vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table.name)} ({columns}) FROM STDIN") as copy:
                    copy.write(table.copy_text(values))
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table.name)} ({columns}) VALUES ({marks})",
                                   values)
        for statement in connection.ops.sequence_reset_sql(no_style(), [t.model for t in by_name.values()]):
            cursor.execute(statement)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in by_name.values():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table.name)}")
    return counts
