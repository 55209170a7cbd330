"""Page titles name the page and the service, say "Fout:" when a form shows errors; the menu
leads the administrator and privacy officer to their work from every page; login words use "u"."""

import re

import pytest

from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(response) -> str:
    return TITLE.search(response.content.decode()).group(1).strip()


def test_login_page_title_is_page_dash_schakel(client):
    assert title_of(client.get("/account/login/")) == "Inloggen - Schakel"


def test_title_starts_with_fout_when_the_form_shows_errors(client, world):
    response = client.post("/account/login/", {"login": world.user("focal_officer").username, "password": "fout"})

    assert title_of(response) == "Fout: Inloggen - Schakel"


def test_wrong_password_is_said_with_u_not_je(client, world):
    response = client.post("/account/login/", {"login": world.user("focal_officer").username, "password": "fout"})

    page = response.content.decode()
    assert "Uw gebruikersnaam of wachtwoord klopt niet." in page
    assert "Je gebruikersnaam" not in page


def test_logged_in_message_says_u(client, world):
    user = world.user("reporter")
    response = client.post("/account/login/", {"login": user.username, "password": PASSWORD}, follow=True)

    page = response.content.decode()
    assert "Je bent" not in page
    assert "U bent ingelogd." in page


def test_login_heading_and_button_both_say_inloggen_and_forgot_password_follows_the_password(client):
    page = client.get("/account/login/").content.decode()

    assert re.search(r'<button type="submit" class="utrecht-button utrecht-button--primary-action">Inloggen</button>',
                     page)
    assert page.index('name="login"') < page.index('name="password"') < page.index("Wachtwoord vergeten?")
    assert page.index("Wachtwoord vergeten?") < page.index(">Inloggen</button>")


def test_start_page_title_without_a_page_name_is_just_schakel_or_named(client, world, login):
    login(world.user("focal_officer"))

    title = title_of(client.get("/"))

    assert title.endswith(" - Schakel") or title == "Schakel"
    assert "–" not in title


@pytest.mark.parametrize(("role", "labels"), [
    ("administrator", ["Beheer"]),
    ("privacy_officer", ["Beheer", "Toegangslog"]),
])
def test_administrator_and_privacy_officer_find_their_work_in_the_menu_on_every_page(client, world, login, role,
                                                                                     labels):
    login(world.user(role))

    for path in ["/", "/account/2fa/"]:
        page = client.get(path).content.decode()
        menu = page[page.index('class="schakel-nav"'):page.index("</nav>", page.index('class="schakel-nav"'))]
        for label in labels:
            assert f">{label}</a>" in menu, (path, label)


def test_focal_officer_has_no_beheer_or_toegangslog_in_the_menu(client, world, login):
    login(world.user("focal_officer"))

    page = client.get("/").content.decode()

    assert ">Beheer</a>" not in page
    assert ">Toegangslog</a>" not in page


def test_beheer_is_marked_current_once_on_administration_pages(client, world, login):
    login(world.user("administrator"))

    page = client.get("/beheer/").content.decode()

    assert page.count('aria-current="page">Beheer</a>') == 1


def test_start_page_says_honestly_when_a_roles_work_is_not_built(client, world, login):
    from schakel.accounts.roles import Role
    from schakel.accounts.tenancy import scope_for
    from schakel.web import home

    user = world.user("policy_officer")
    login(user)
    # Every role has an app with its work now; pretend the policy app did not, for this test.
    policy_panels = {key: panel for key, panel in home._PANELS.items() if Role.POLICY_OFFICER in panel.roles
                     and panel.roles != frozenset(Role.values)}
    for key in policy_panels:
        del home._PANELS[key]
    try:
        missing = home.roles_without_work(scope_for(user))
        page = client.get("/").content.decode()
    finally:
        home._PANELS.update(policy_panels)

    assert missing == ["Beleidsmedewerker"]
    assert "Het werk van de rol Beleidsmedewerker zit nog niet in Schakel." in page


def test_every_role_has_its_own_work_on_the_start_page(world):
    from schakel.accounts.tenancy import scope_for
    from schakel.web.home import roles_without_work

    for role in ("reporter", "focal_officer", "care_coordinator", "chain_director", "partner_member",
                 "policy_officer", "administrator", "privacy_officer"):
        assert roles_without_work(scope_for(world.user(role))) == [], role


def test_start_page_of_a_role_with_work_promises_nothing_missing(client, world, login):
    login(world.user("focal_officer"))

    page = client.get("/").content.decode()

    assert "zit nog niet in Schakel" not in page


def test_required_error_names_its_field_and_the_summary_has_no_question_mark_colon(client, world, login):
    from schakel.signalling.catalogue import load_indicator_catalogue
    from tests.signalling.test_public_form import ROWS

    load_indicator_catalogue()
    login(world.user("focal_officer"))
    page = client.get("/signalen/telefonisch").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)

    response = client.post("/signalen/telefonisch", {"form_token": token, "send": "1", "description": "x",
                                                       "acute_danger": "no", "minors_involved": "unknown", **ROWS})

    page = response.content.decode()
    assert "?:" not in page
    assert "Dit veld is vereist." not in page
    assert "Kies een antwoord bij ‘Hoe kwam het signaal binnen?’." in page or "Vul ‘" in page
