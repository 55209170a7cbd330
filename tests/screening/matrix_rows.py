"""Permission-matrix rows of the screening pages (found by tests/matrix/test_permission_matrix.py).

Region A's table (police A takes part) has a planned meeting with one item: a signal of A1 put
forward by A1's focal officer; and a closed meeting whose only attendee is the chain director.
The chair is the chain director; A1's officer sees their own item; A2's officer sees region A's
meetings but not A1's item; B1's officer sees nothing of region A.
"""

from __future__ import annotations

import datetime

CALENDAR = ("chain_director", "focal_officer", "focal_officer_a2", "focal_officer_b1", "partner_member")
NOT_CALENDAR = ("reporter", "care_coordinator", "policy_officer", "administrator", "privacy_officer")


def _expect(**statuses) -> dict[str, int]:
    return {"*": 403, "anonymous": 302, **statuses}


def _table(ctx):
    cached = getattr(ctx.world, "_matrix_screening", None)
    if cached is None:
        from schakel.screening.models import Attendance, Meeting
        from tests.screening.helpers import MONDAY, put_forward, signal_in_triage, weekly_table

        weekly_table(ctx.world, participants=[ctx.world.organisations["police_a"]])
        item = put_forward(ctx.world, signal_in_triage(ctx.world))
        chair = ctx.world.user("chain_director")
        closed = Meeting.objects.create(region=ctx.world.region_a, kind="extra", status="closed",
                                        starts_at=datetime.datetime(2026, 2, 24, 9, 0, tzinfo=datetime.timezone.utc),
                                        created_at=MONDAY, closed_at=MONDAY)
        closed.participants.set([ctx.world.organisations["police_a"]])
        Attendance.objects.create(meeting=closed, user=chair, organisation=chair.memberships.get().organisation,
                                  recorded_at=MONDAY)
        cached = ctx.world._matrix_screening = {"meeting": item.meeting, "item": item, "closed": closed}
    return cached


def _meeting(suffix=""):
    return lambda ctx: f"/overleg/{_table(ctx)['meeting'].pk}/{suffix}"


def _item(suffix=""):
    return lambda ctx: f"/overleg/punt/{_table(ctx)['item'].pk}/{suffix}"


def _closed(suffix):
    return lambda ctx: f"/overleg/{_table(ctx)['closed'].pk}/{suffix}"


POST_ONLY = {"*": 405}
MEETING_READERS = _expect(chain_director=200, focal_officer=200, focal_officer_a2=200, focal_officer_b1=404,
                          partner_member=200)
CHAIR_ONLY = _expect(chain_director=200)
CHAIR_OF_VISIBLE_MEETING = _expect(chain_director=200, focal_officer_b1=404)
MINUTES = _expect(chain_director=200, focal_officer=404, focal_officer_a2=404, focal_officer_b1=404,
                  partner_member=404)
ITEM_CHAIR = _expect(chain_director=200, focal_officer_a2=404, focal_officer_b1=404)
ITEM_EDITORS = _expect(chain_director=200, focal_officer=200, focal_officer_a2=404, focal_officer_b1=404)

ROWS = {
    "screening:calendar": ("/overleg/", _expect(**{actor: 200 for actor in CALENDAR})),
    "screening:series": ("/overleg/instellingen", CHAIR_ONLY),
    "screening:extra": ("/overleg/spoedoverleg", CHAIR_ONLY),
    "screening:meeting": (_meeting(), MEETING_READERS),
    "screening:build": (_meeting("opbouwen"), POST_ONLY),
    "screening:send": (_meeting("versturen"), POST_ONLY),
    "screening:cancel": (_meeting("vervallen"), POST_ONLY),
    "screening:attendance": (_meeting("aanwezig"), CHAIR_OF_VISIBLE_MEETING),
    "screening:close": (_meeting("afsluiten"), POST_ONLY),
    "screening:order": (_meeting("volgorde"), POST_ONLY),
    "screening:minutes": (_closed("notulen"), MINUTES),
    "screening:minutes-pdf": (_closed("notulen.pdf"), MINUTES),
    "screening:put-forward": (lambda ctx: f"/overleg/aanmelden/{ctx.signal.reference}",
                              _expect(focal_officer=200, focal_officer_a2=404, focal_officer_b1=404)),
    "screening:item": (_item(), ITEM_CHAIR),
    "screening:decide": (_item("besluit"), POST_ONLY),
    "screening:edit-item": (_item("bewerken"), ITEM_EDITORS),
    "screening:move-next": (_item("doorschuiven"), POST_ONLY),
    "screening:withdraw": (_item("terugtrekken"), POST_ONLY),
}
