"""Trainings coverage and refreshers, the VNG Kader self-assessment and matrix, region profiles, panels."""

import datetime

import pytest
import time_machine

from schakel.policy.models import FundingScheme, KaderComponent, RegionPolicySettings, SelfAssessment, Training
from schakel.policy.services import PolicyError
from schakel.policy.services import assessments, profiles, trainings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 10:00 +0100", tick=False):
        yield


def _training(world, held_on, counts, title="Signalen mensenhandel"):
    return trainings.record_training(
        actor=world.user("policy_officer"), municipality=world.a1,
        data={"title": title, "provider": "comensha", "provider_name": "", "kind": "online", "held_on": held_on},
        counts=counts)


def test_coverage_counts_front_line_departments_and_a_refresher_is_due_after_the_configured_period(world):
    _training(world, datetime.date(2025, 6, 1), {"civil_affairs": 8})
    _training(world, datetime.date(2023, 1, 10), {"enforcement": 4}, title="Oud")
    cells = {c.department: c for c in trainings.coverage(world.a1, datetime.date(2026, 3, 2)).cells}
    today = datetime.date(2026, 3, 2)
    assert cells["civil_affairs"].status(today) == "current" and cells["civil_affairs"].participants == 8
    assert cells["enforcement"].status(today) == "due"
    assert cells["income"].status(today) == "never"
    RegionPolicySettings.objects.create(region=world.region_a, refresher_months=6)
    cells = {c.department: c for c in trainings.coverage(world.a1, today).cells}
    assert cells["civil_affairs"].status(today) == "due"
    assert cells["civil_affairs"].due_on == datetime.date(2025, 12, 1)


def test_a_training_without_participants_is_refused_and_a_double_submit_records_one(world):
    with pytest.raises(PolicyError):
        _training(world, datetime.date(2026, 2, 1), {"civil_affairs": 0})
    _training(world, datetime.date(2026, 2, 1), {"civil_affairs": 3})
    _training(world, datetime.date(2026, 2, 1), {"civil_affairs": 3})
    assert Training.objects.count() == 1


def test_the_training_form_counts_participants_by_department_without_names(world, login):
    client = login(world.user("policy_officer"))
    response = client.post("/beleid/trainingen/nieuw", {
        "municipality": world.a1.pk, "title": "E-learning", "provider": "ccv", "kind": "online",
        "held_on": "2026-02-20", "dept_civil_affairs": "5", "dept_permits": "2"})
    assert response.status_code == 302
    assert Training.objects.get().participants == 7
    body = client.get("/beleid/trainingen/").content.decode()
    assert "Bereik in Aadorp" in body and "2 van 7 frontlinie-afdelingen" in body


def _scores(plateaus):
    return {c.pk: {"plateau": p, "evidence": "", "evidence_links": ""}
            for c, p in zip(KaderComponent.objects.order_by("number"), plateaus)}


def test_the_kader_components_are_reference_data_with_their_source():
    components = list(KaderComponent.objects.order_by("number"))
    assert [c.title for c in components][:2] == ["Beleidsmatige basis", "Signalerend vermogen gemeenten"]
    assert len(components) == 5 and all("vng.nl" in c.source for c in components)


def test_the_regional_matrix_shows_the_latest_plateau_and_the_change_since_the_previous(world):
    actor = world.user("policy_officer")
    assessments.record_assessment(actor=actor, municipality=world.a1, assessed_on=datetime.date(2025, 1, 10),
                                  notes="", scores=_scores([0, 1, 1, 1, 0]))
    assessments.record_assessment(actor=actor, municipality=world.a1, assessed_on=datetime.date(2026, 2, 10),
                                  notes="", scores=_scores([1, 1, 2, 0, 0]))
    _components, rows = assessments.matrix([world.a1, world.a2])
    a1, a2 = rows
    assert [c.plateau for c in a1.cells] == [1, 1, 2, 0, 0]
    assert [c.change for c in a1.cells] == [1, 0, 1, -1, 0]
    assert a2.assessed_on is None and all(c.plateau is None for c in a2.cells)
    assert assessments.stale([world.a1, world.a2], datetime.date(2026, 3, 2)) == [world.a2]


def test_an_assessment_needs_a_plateau_for_every_component_and_links_must_be_links(world):
    with pytest.raises(PolicyError, match="Kies een plateau"):
        assessments.record_assessment(actor=None, municipality=world.a1, assessed_on=datetime.date(2026, 3, 1),
                                      notes="", scores=_scores([1, 1]))
    scores = _scores([1, 1, 1, 1, 1])
    next(iter(scores.values()))["evidence_links"] = "javascript:alert(1)"
    with pytest.raises(PolicyError, match="geen link"):
        assessments.record_assessment(actor=None, municipality=world.a1, assessed_on=datetime.date(2026, 3, 1),
                                      notes="", scores=scores)
    assert not SelfAssessment.objects.exists()


def test_the_assessment_form_records_plateau_and_evidence(world, login):
    client = login(world.user("policy_officer"))
    data = {"municipality": world.a1.pk, "assessed_on": "2026-03-01", "notes": ""}
    for component in KaderComponent.objects.all():
        data[f"plateau_{component.pk}"] = "1"
        data[f"evidence_{component.pk}"] = "Vastgesteld beleid"
        data[f"links_{component.pk}"] = "/beleid/plannen/"
    response = client.post("/beleid/zelfevaluatie/nieuw", data)
    assert response.status_code == 302
    body = client.get("/beleid/zelfevaluatie/").content.decode()
    assert "Plateau 1" in body and "Aadorp" in body


def test_applying_a_region_profile_sets_the_settings_and_its_funding_once(world):
    from schakel.organisations.models import PopulationFigure

    for municipality in (world.a1, world.a2):
        PopulationFigure.objects.create(municipality=municipality, reference_date=datetime.date(2026, 1, 1),
                                        inhabitants=20_000, source="test")
    actor = world.user("administrator")
    profiles.apply_profile(actor=actor, region=world.region_a, key="noord-en-midden-limburg")
    profiles.apply_profile(actor=actor, region=world.region_a, key="noord-en-midden-limburg")
    settings = RegionPolicySettings.objects.get(region=world.region_a)
    assert (settings.screening_cadence_days, settings.care_coordination_hours) == (7, 32)
    assert sorted(FundingScheme.objects.values_list("year", "rate_cents")) == [(2022, 5), (2023, 7)]
    profiles.apply_profile(actor=actor, region=world.region_a, key="achterhoek")
    settings.refresh_from_db()
    assert settings.focal_officers_per_municipality == 2 and settings.plan_template_key == "vier-taken"


def test_the_administrator_applies_a_profile_only_to_their_own_region(world, login):
    client = login(world.user("administrator"))
    response = client.post("/beleid/regioprofielen/zuid-limburg/toepassen", {"region": world.region_b.pk})
    assert response.status_code == 404
    response = client.post("/beleid/regioprofielen/zuid-limburg/toepassen", {"region": world.region_a.pk})
    assert response.status_code == 302
    assert RegionPolicySettings.objects.get(region=world.region_a).profile_key == "zuid-limburg"


def test_the_start_page_tells_the_policy_officer_what_needs_attention(world, login):
    client = login(world.user("policy_officer"))
    body = client.get("/").content.decode()
    assert "Beleid: wat aandacht vraagt" in body
    assert "Zelfevaluatie van Aadorp ontbreekt of is ouder dan een jaar" in body
    assert "Afdelingen die een (opfris)training nodig hebben" in body
    assert 'href="/beleid/"' in body


def test_the_chain_director_sees_the_region_on_the_start_page(world, login):
    body = login(world.user("chain_director")).get("/").content.decode()
    assert "Zelfevaluatie van Abbega ontbreekt" in body


def test_the_administrator_sets_the_refresher_period_of_their_region(world, login):
    client = login(world.user("administrator"))
    assert client.post(f"/beleid/regioprofielen/regio/{world.region_a.pk}/instellingen",
                       {"refresher_months": "12"}).status_code == 302
    assert RegionPolicySettings.objects.get(region=world.region_a).refresher_months == 12
    client.post(f"/beleid/regioprofielen/regio/{world.region_a.pk}/instellingen", {"refresher_months": "0"})
    assert RegionPolicySettings.objects.get(region=world.region_a).refresher_months == 12
    assert client.post(f"/beleid/regioprofielen/regio/{world.region_b.pk}/instellingen",
                       {"refresher_months": "6"}).status_code == 404


def test_coverage_of_a_whole_region_is_read_in_two_queries(world, django_assert_num_queries):
    _training(world, datetime.date(2025, 6, 1), {"civil_affairs": 8})
    from schakel.organisations.models import Municipality

    municipalities = list(Municipality.objects.select_related("region_membership"))
    with django_assert_num_queries(2):
        result = trainings.coverages(municipalities, datetime.date(2026, 3, 2))
    assert len(result) == 3
