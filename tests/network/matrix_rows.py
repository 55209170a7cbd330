"""The permission matrix rows of the network pages (tests/matrix/test_permission_matrix.py adds them).

Each row: route name -> (path from the matrix context, {actor: status, "*": default}). The records
are a partner entry and a published trend bulletin of region A; B1's officer must not see the bulletin.
"""

from __future__ import annotations

import datetime

FOCAL = {"focal_officer": 200, "focal_officer_a2": 200, "focal_officer_b1": 200}
READERS = {**FOCAL, "care_coordinator": 200, "chain_director": 200, "partner_member": 200, "policy_officer": 200}


def only(allowed: dict, **overrides) -> dict:
    return {"*": 403, "anonymous": 302, **allowed, **overrides}


EVERYONE = {"*": 200, "anonymous": 302, "administrator": 403}  # the administrator: accounts only
POST_ONLY = {"*": 405}


def _partner(ctx):
    cached = getattr(ctx.world, "_matrix_partner", None)
    if cached is None:
        from schakel.network.models import Partner

        cached = ctx.world._matrix_partner = Partner.objects.create(
            region=ctx.world.region_a, name="Veilig Thuis Regio A", kind="veilig_thuis",
            contact_for="Huiselijk geweld en uitbuiting binnen gezinnen", phone="0800 2000",
            last_confirmed_on=datetime.date(2026, 1, 5))
    return cached


def _bulletin(ctx):
    cached = getattr(ctx.world, "_matrix_bulletin", None)
    if cached is None:
        from schakel.network.models import Bulletin

        cached = ctx.world._matrix_bulletin = Bulletin.objects.create(
            region=ctx.world.region_a, month=datetime.date(2026, 2, 1), tables={"total": {}, "tables": []},
            published_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc),
            published_by=ctx.world.user("chain_director"))
    return cached


ROWS = {
    "network:index": ("/netwerk/", {**EVERYONE, "administrator": 200}),
    "network:absence": ("/netwerk/afwezigheid/", only(FOCAL, administrator=200)),
    "network:absence-end": ("/netwerk/afwezigheid/999999/beeindigen", POST_ONLY),
    "network:handover": ("/netwerk/overdracht/", only(FOCAL, administrator=200)),
    "network:staffing": ("/netwerk/bezetting/", only(FOCAL, administrator=200, chain_director=200)),
    "network:partners": ("/netwerk/sociale-kaart/", EVERYONE),
    "network:partner-new": ("/netwerk/sociale-kaart/nieuw", only({"chain_director": 200})),
    "network:partners-review": ("/netwerk/sociale-kaart/controleren", only({"chain_director": 200})),
    "network:partner-edit": (lambda ctx: f"/netwerk/sociale-kaart/{_partner(ctx).pk}/",
                             only({"chain_director": 200})),
    "network:partner-confirm": (lambda ctx: f"/netwerk/sociale-kaart/{_partner(ctx).pk}/bevestigen", POST_ONLY),
    "network:guides": ("/netwerk/signaalwijzers/", EVERYONE),
    "network:guide": ("/netwerk/signaalwijzers/burgerzaken/", EVERYONE),
    "network:guide-edit": ("/netwerk/signaalwijzers/burgerzaken/bewerken", only({"chain_director": 200})),
    "network:bulletins": ("/netwerk/trendbulletins/", only(READERS)),
    "network:bulletin-draft": ("/netwerk/trendbulletins/opstellen", only({"chain_director": 200})),
    "network:bulletin": (lambda ctx: f"/netwerk/trendbulletins/{_bulletin(ctx).pk}/",
                         only(READERS, focal_officer_b1=404)),
}


def _document(ctx):
    cached = getattr(ctx.world, "_matrix_document", None)
    if cached is None:
        from schakel.network.services.knowledge import publish_document

        cached = ctx.world._matrix_document = publish_document(
            actor=ctx.world.user("chain_director"), region_id=ctx.world.region_a.pk, title="Privacyprotocol",
            kind="privacy_protocol", audience="staff", text="Welke gegevens wie deelt.")
    return cached


def _meeting(ctx):
    cached = getattr(ctx.world, "_matrix_meeting", None)
    if cached is None:
        from schakel.network.models import Meeting

        cached = ctx.world._matrix_meeting = Meeting.objects.create(
            region=ctx.world.region_a, title="Intervisie", created_by=ctx.world.user("chain_director"),
            starts_at=datetime.datetime(2026, 3, 12, 13, 0, tzinfo=datetime.timezone.utc))
    return cached


STAFF_OF_A = {"*": 200, "anonymous": 302, "partner_member": 404, "focal_officer_b1": 404, "administrator": 403}
MEETING_PEOPLE = {**FOCAL, "chain_director": 200, "care_coordinator": 200}

ROWS.update({
    "network:documents": ("/netwerk/kennisbank/", EVERYONE),
    "network:document-new": ("/netwerk/kennisbank/nieuw", only({"chain_director": 200})),
    "network:document": (lambda ctx: f"/netwerk/kennisbank/{_document(ctx).pk}/", STAFF_OF_A),
    "network:document-version": (lambda ctx: f"/netwerk/kennisbank/{_document(ctx).pk}/versies/1", STAFF_OF_A),
    "network:document-edit": (lambda ctx: f"/netwerk/kennisbank/{_document(ctx).pk}/bewerken",
                              only({"chain_director": 200})),
    "network:meetings": ("/netwerk/bijeenkomsten/", only(MEETING_PEOPLE)),
    "network:meeting-new": ("/netwerk/bijeenkomsten/nieuw",
                            only(MEETING_PEOPLE, care_coordinator=404)),
    "network:meeting": (lambda ctx: f"/netwerk/bijeenkomsten/{_meeting(ctx).pk}/",
                        only(MEETING_PEOPLE, focal_officer_b1=404)),
})

ROWS["network:region-settings"] = ("/netwerk/bezetting/instellingen",
                                   only(FOCAL, administrator=200, focal_officer=404, focal_officer_a2=404,
                                        focal_officer_b1=404, chain_director=404))
