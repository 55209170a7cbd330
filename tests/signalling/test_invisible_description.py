"""A description of only invisible characters says nothing and is refused like an empty one (issue 11)."""

import datetime

import pytest

pytestmark = pytest.mark.django_db
from rest_framework.test import APIClient

from schakel.api.services import issue_token
from schakel.signalling.services.intake import IntakeValidationError, clean_payload, says_something

INVISIBLE = ["\u200b\u200b", "\ufeff", "\u200b \u2060\u00ad", "\x07\x1b\t", "\u2028\u3000\u200d", "\u202e\u200e"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_characters_say_nothing(text):
    assert not says_something(text)


@pytest.mark.parametrize("text", ["a", "\u200bx\u200b", "٣", "é", "😀"])
def test_any_visible_character_says_something(text):
    assert says_something(text)


@pytest.mark.parametrize("text", INVISIBLE)
def test_the_intake_refuses_an_invisible_description_with_the_empty_message(text):
    with pytest.raises(IntakeValidationError) as refused:
        clean_payload({"description": text}, today=datetime.date(2026, 3, 2))
    empty = pytest.raises(IntakeValidationError)
    with empty as refused_empty:
        clean_payload({"description": ""}, today=datetime.date(2026, 3, 2))
    assert refused.value.errors["description"] == refused_empty.value.errors["description"]


@pytest.mark.django_db
def test_the_api_answers_an_invisible_description_with_a_400_problem(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(world.user('partner_member'))}")

    response = client.post("/api/v1/signals", {"municipality": "GM9001", "description": "\u200b\ufeff\u200b"},
                           format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "description" in {param["name"] for param in response.json()["invalidParams"]}
