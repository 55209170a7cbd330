"""Who sees a measure: the municipality's focal officers and the people on it; Bibob only the people on it."""

import pytest

from schakel.measures.models import Measure, MeasureStep, MeasureSubject
from schakel.measures.services import subjects as parts
from schakel.privacy.models import AccessLogEntry

from .helpers import ADDRESS, measure

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Measure.objects.visible_to(user).values_list("reference", flat=True))


def test_focal_officers_of_the_municipality_see_its_measures_others_do_not(world):
    recorded = measure(world)
    assert visible(world.user("focal_officer")) == {recorded.reference}
    for outsider in (world.other_municipality, world.other_region, world.user("chain_director"),
                     world.user("care_coordinator"), world.user("partner_member"), world.user("policy_officer"),
                     world.user("administrator"), world.user("privacy_officer"), world.user("reporter")):
        assert visible(outsider) == set(), outsider.username


def test_a_bibob_measure_is_read_only_by_the_people_on_it(world):
    bibob = measure(world, "bibob_check")
    other_officer = world.user("focal_officer")
    colleague = world.users["focal_officer"]
    assert visible(colleague) == {bibob.reference}  # the creator is on it
    from tests.factories import MembershipFactory, UserFactory

    second = UserFactory(username="second_officer")
    MembershipFactory(user=second, organisation=world.organisations["a1"], role="focal_officer")
    assert visible(second) == set()
    parts.add_person(actor=other_officer, measure=bibob, user=second, function="Bibob-coördinator")
    second = type(second).objects.get(pk=second.pk)
    assert visible(second) == {bibob.reference}


def test_a_reporter_named_on_a_measure_sees_it_in_their_own_municipality_only(world):
    recorded = measure(world)
    parts.add_person(actor=world.user("focal_officer"), measure=recorded, user=world.user("reporter"))
    assert visible(world.user("reporter")) == {recorded.reference}


def test_steps_and_subjects_follow_their_measure(world):
    measure(world, subjects=[ADDRESS])
    assert MeasureSubject.objects.visible_to(world.other_municipality).count() == 0
    assert MeasureStep.objects.visible_to(world.other_municipality).count() == 0
    assert MeasureSubject.objects.visible_to(world.user("focal_officer")).count() == 1


@pytest.mark.parametrize("suffix", ["", "wijzigen"])
def test_pages_of_a_measure_are_404_to_another_municipality_and_403_to_other_roles(world, login, suffix):
    recorded = measure(world)
    path = f"/maatregelen/{recorded.reference}/{suffix}"
    assert login(world.user("focal_officer")).get(path).status_code == 200
    assert login(world.other_municipality).get(path).status_code == 404
    assert login(world.other_region).get(path).status_code == 404
    assert login(world.user("chain_director")).get(path).status_code == 403
    assert login(world.user("partner_member")).get(path).status_code == 403


def test_every_read_of_a_bibob_measure_is_in_the_access_log(world, login):
    bibob = measure(world, "bibob_check")
    client = login(world.user("focal_officer"))
    for _ in range(2):
        assert client.get(f"/maatregelen/{bibob.reference}/").status_code == 200
    reads = AccessLogEntry.objects.filter(record_type="measures.measure", record_id=str(bibob.pk), action="view")
    assert reads.count() == 2
    assert all("Bibob" in entry.reason for entry in reads)
    assert all(entry.username == "focal_officer" for entry in reads)


def test_the_chain_director_sees_counts_per_municipality_never_a_reference(world, login):
    recorded = measure(world)
    response = login(world.user("chain_director")).get("/maatregelen/cijfers")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Aadorp" in content and recorded.reference not in content


def test_the_overview_counts_without_names(world, login):
    measure(world)
    response = login(world.user("focal_officer")).get("/maatregelen/")
    assert response.status_code == 200
    assert "BRP-adresonderzoek" in response.content.decode()
