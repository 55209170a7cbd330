"""Names sort by surname with the tussenvoegsel left out ('Anna van der Berg' under B), issue 12."""

import datetime

import pytest

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.signalling.names import sort_by_surname, split_surname, surname_order
from schakel.signalling.models import SignalStatus
from tests.factories import UserFactory

from .triage_factories import SignalFactory

UTC = datetime.timezone.utc
NAMES = [("Jan", "de Vries"), ("Anna", "van der Berg"), ("Piet", "Bakker"), ("Kees", "Brink"),
         ("Els", "ten Brink"), ("Sara", "d'Ancona"), ("Bram", "Van den Akker")]
# Same surname: by first name ('Els ten Brink' before 'Kees Brink').
EXPECTED = ["Bram Van den Akker", "Sara d'Ancona", "Piet Bakker", "Anna van der Berg", "Els ten Brink",
            "Kees Brink", "Jan de Vries"]


def test_the_tussenvoegsel_is_split_from_the_surname():
    assert split_surname("van der Berg") == ("van der", "Berg")
    assert split_surname("Van den Akker") == ("Van den", "Akker")
    assert split_surname("ten Brink") == ("ten", "Brink")
    assert split_surname("d'Ancona") == ("d'", "Ancona")
    assert split_surname("Bakker") == ("", "Bakker")
    assert split_surname("Vandenberg") == ("", "Vandenberg")  # a particle only as a separate word
    assert split_surname("van") == ("", "van")


def test_people_in_memory_sort_by_surname_then_first_name():
    people = [User(first_name=first, last_name=last, username=f"{first}{last}") for first, last in NAMES]
    assert [str(person) for person in sort_by_surname(people)] == EXPECTED


@pytest.mark.django_db
def test_the_database_order_equals_the_python_order():
    for first, last in NAMES:
        UserFactory(first_name=first, last_name=last)
    UserFactory(first_name="", last_name="", username="zonder-naam")
    users = User.objects.filter(last_name__in=[last for _first, last in NAMES] + [""])

    in_database = [str(user) for user in users.order_by(*surname_order(), "pk")]

    assert in_database == [str(user) for user in sort_by_surname(users)]
    assert [name for name in in_database if name != "zonder-naam"] == EXPECTED


@pytest.fixture
def officers(world):
    people = []
    for first, last in (("Jan", "de Vries"), ("Anna", "van der Berg"), ("Piet", "Bakker"), ("Kees", "Brink")):
        user = UserFactory(first_name=first, last_name=last)
        Membership.objects.create(user=user, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
        people.append(user)
    return people


@pytest.mark.django_db
def test_the_inbox_sorted_on_behandelaar_puts_van_der_berg_under_b(world, login, officers, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC), tick=False)
    for number, officer in enumerate(officers):
        SignalFactory(municipality=world.a1, reference=f"2026-00070{number}", assigned_to=officer,
                      status=SignalStatus.IN_TRIAGE)
    client = login(world.user("focal_officer"))

    def order(sort):
        page = client.get(f"/signalen/?tab=open&sort={sort}").content.decode()
        names = ["Piet Bakker", "Anna van der Berg", "Kees Brink", "Jan de Vries"]
        return sorted(names, key=page.index)

    assert order("assignee") == ["Piet Bakker", "Anna van der Berg", "Kees Brink", "Jan de Vries"]
    assert order("assignee_desc") == ["Jan de Vries", "Kees Brink", "Anna van der Berg", "Piet Bakker"]


@pytest.mark.django_db
def test_the_assignee_choices_list_officers_by_surname(world, login, officers):
    signal = SignalFactory(municipality=world.a1)
    page = login(world.user("focal_officer")).get(f"/signalen/{signal.reference}/").content.decode()
    choices = page[page.index('name="assign-assignee"'):]
    choices = choices[:choices.index("</select>")]

    assert sorted(["Piet Bakker", "Anna van der Berg", "Kees Brink", "Jan de Vries"], key=choices.index) == [
        "Piet Bakker", "Anna van der Berg", "Kees Brink", "Jan de Vries"]
