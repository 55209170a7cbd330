"""The privacy officer's access-log pages: who may see them, which rows, search, pages, CSV export."""

import csv
import datetime
import io

import pytest
import time_machine

from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.privacy.audit import record_access, seal_pending
from schakel.privacy.models import AccessLogEntry
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LOG = "/privacy/toegangslog"
EXPORT = "/privacy/toegangslog/export"
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def officer(world):
    return world.user("privacy_officer")


@pytest.fixture
def regional_officer(world):
    user = UserFactory(username="privacy_officer_region_a")
    MembershipFactory(user=user, organisation=world.organisations["region_a"], role=Role.PRIVACY_OFFICER)
    return user


@pytest.fixture
def accesses(world):
    """One access by each of: focal officer A1, focal officer A2, care coordinator (region A), focal officer B1."""
    rows = {}
    for key in ("focal_officer", "focal_officer_a2", "care_coordinator", "focal_officer_b1"):
        rows[key] = record_access(user=world.user(key), action="view", record_type="signalling.signal",
                                  record_id=f"{key}-1", reason=f"werk van {key}")
    return rows


def listed(response) -> set[str]:
    return {entry.username for entry in response.context["page"]}


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PRIVACY_OFFICER])
def test_only_privacy_officers_reach_the_log_others_get_404(login, world, role):
    client = login(world.user(role))
    assert client.get(LOG).status_code == 404
    assert client.get(EXPORT).status_code == 404


def test_anonymous_users_are_sent_to_login(client):
    for url in (LOG, EXPORT):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_municipal_privacy_officer_sees_the_rows_of_their_municipalitys_users_only(login, officer, accesses):
    response = login(officer).get(LOG)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert listed(response) == {"focal_officer"}
    page = response.content.decode()
    assert "werk van focal_officer" in page and "werk van focal_officer_a2" not in page


def test_regional_privacy_officer_sees_every_organisation_of_the_region(login, regional_officer, accesses):
    assert listed(login(regional_officer).get(LOG)) == {"focal_officer", "focal_officer_a2", "care_coordinator"}


def test_rows_keep_the_organisation_the_user_had_at_the_time(login, world, officer, accesses):
    from schakel.accounts.models import Membership

    Membership.objects.filter(user=world.user("focal_officer")).update(organisation=world.organisations["a2"])
    assert "focal_officer" in listed(login(officer).get(LOG))


def test_viewing_the_log_is_itself_logged(login, officer, accesses):
    login(officer).get(LOG, {"user": "focal", "flagged": "on"})
    entry = AccessLogEntry.objects.filter(user=officer).latest("id")
    assert (entry.action, entry.record_type) == ("search", "privacy.accesslogentry")
    assert entry.detail == "toegangslog: gebruiker=focal, alleen gemarkeerd"


def test_search_by_user_record_action_and_flag(login, world, officer):
    focal = world.user("focal_officer")
    focal.last_name = "Zwartkruis"
    focal.save(update_fields=["last_name"])
    record_access(user=focal, action="view", record_type="signalling.signal", record_id="11")
    record_access(user=focal, action="change", record_type="signalling.signal", record_id="12")
    record_access(user=focal, action="view", record_type="care.client", record_id="11")
    record_access(user=focal, action="view", record_type="care.client", record_id="13", flagged=True, reason="nood")
    record_access(user=officer, action="view", record_type="care.client", record_id="11")
    client = login(officer)

    def ids(**query):
        return sorted((e.record_type, e.record_id, e.action) for e in client.get(LOG, query).context["page"])

    assert ids(record_type="signalling.signal") == [("signalling.signal", "11", "view"),
                                                     ("signalling.signal", "12", "change")]
    assert ids(record_type="care.client", record_id="11") == [("care.client", "11", "view")] * 2
    assert ids(user="zwartk", record_type="care.client", record_id="11") == [("care.client", "11", "view")]
    assert ids(action="change") == [("signalling.signal", "12", "change")]
    assert ids(flagged="on") == [("care.client", "13", "view")]


def test_search_by_date_range_in_amsterdam_days_and_sorting(login, world, officer):
    focal = world.user("focal_officer")
    for day in range(4):
        with time_machine.travel(MONDAY + datetime.timedelta(days=day, hours=13), tick=False):  # 23:00 local
            record_access(user=focal, action="view", record_type="signalling.signal", record_id=str(day))
    client = login(officer)
    query = {"user": "focal_officer", "date_from": "2026-03-03", "date_to": "2026-03-04"}
    assert [e.record_id for e in client.get(LOG, query).context["page"]] == ["2", "1"]
    assert [e.record_id for e in client.get(LOG, {**query, "sort": "oldest"}).context["page"]] == ["1", "2"]


def test_an_impossible_date_range_is_explained(login, officer):
    response = login(officer).get(LOG, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_pagination_keeps_the_filters(login, world, officer):
    focal = world.user("focal_officer")
    for n in range(55):
        record_access(user=focal, action="view", record_type="signalling.signal", record_id=str(n))
    client = login(officer)
    first = client.get(LOG, {"user": "focal_officer"})
    assert len(first.context["page"]) == 50
    assert "user=focal_officer&amp;pagina=2" in first.content.decode()
    second = client.get(LOG, {"user": "focal_officer", "pagina": 2})
    assert [e.record_id for e in second.context["page"]] == ["4", "3", "2", "1", "0"]


def test_export_is_a_csv_of_the_filtered_rows_and_is_logged(login, world, officer, accesses):
    record_access(user=world.user("focal_officer"), action="view", record_type="care.client", record_id="9",
                  reason="=HYPERLINK(\"http://kwaad.example\")")
    response = login(officer).get(EXPORT, {"user": "focal_officer"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="toegangslog-')
    assert response["Cache-Control"] == "no-store"
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["tijdstip", "gebruikersnaam", "organisatie", "rol", "handeling"]
    assert [row[6] for row in rows[1:]] == ["9", "focal_officer-1"]
    assert rows[1][7] == "'=HYPERLINK(\"http://kwaad.example\")"  # never a live formula in a spreadsheet
    entry = AccessLogEntry.objects.filter(user=officer, action="export").get()
    assert entry.detail == "export 2 regels: gebruiker=focal_officer"


def test_export_shows_the_hash_of_sealed_rows_and_says_when_a_row_is_not_sealed_yet(login, world, officer,
                                                                                    accesses):
    seal_pending()
    waiting = record_access(user=world.user("focal_officer"), action="view", record_type="care.client",
                            record_id="9")
    body = b"".join(login(officer).get(EXPORT, {"user": "focal_officer"}).streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    hashes = {row[10]: row[11] for row in rows[1:]}
    sealed = AccessLogEntry.objects.get(pk=accesses["focal_officer"].pk)
    assert hashes == {str(waiting.pk): "nog niet verzegeld", str(sealed.pk): sealed.entry_hash}
    assert len(sealed.entry_hash) == 64


def test_export_never_contains_rows_outside_the_officers_scope(login, officer, accesses):
    body = b"".join(login(officer).get(EXPORT).streaming_content).decode("utf-8")
    assert "focal_officer_a2" not in body and "care_coordinator" not in body and "focal_officer_b1" not in body
    assert "werk van focal_officer" in body
