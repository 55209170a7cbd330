"""Home-page panels and menu items registered by apps, shown per role."""

import pytest

from schakel.web import home, navigation

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_panel():
    def build(request, scope):
        return {"title": "Testblok", "template": "web/tests/panel.html", "count": 7}

    home.register_panel("tests.panel", roles={"policy_officer"}, build=build)
    yield
    home._PANELS.pop("tests.panel")


@pytest.fixture
def quiet_panel():
    home.register_panel("tests.quiet", roles={"policy_officer"}, build=lambda request, scope: None)
    yield
    home._PANELS.pop("tests.quiet")


@pytest.fixture
def menu_item():
    navigation.register_nav_item("tests.item", label="Testmenu", url_name="api:root", roles={"policy_officer"})
    yield
    navigation.unregister_nav_item("tests.item")


def test_panel_shows_for_its_role_with_its_heading(world, login, test_panel, settings, tmp_path):
    panel_dir = tmp_path / "templates" / "web" / "tests"
    panel_dir.mkdir(parents=True)
    (panel_dir / "panel.html").write_text("<p>Aantal: {{ panel.count }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    html = login(world.user("policy_officer")).get("/").content.decode()
    assert '<h2 class="utrecht-heading-2 schakel-panel__title" id="panel-tests-panel">Testblok</h2>' in html
    assert "Aantal: 7" in html
    assert "niets dat uw aandacht vraagt" not in html


def test_panel_is_hidden_from_other_roles(world, login, test_panel):
    html = login(world.user("reporter")).get("/").content.decode()
    assert "Testblok" not in html and "panel-tests-panel" not in html


def test_panel_with_nothing_to_say_is_left_out(world, login, quiet_panel):
    html = login(world.user("policy_officer")).get("/").content.decode()
    assert "panel-tests-quiet" not in html


def test_registering_a_panel_twice_fails():
    home.register_panel("tests.twice", roles={"reporter"}, build=lambda request, scope: None)
    try:
        with pytest.raises(ValueError, match="registered twice"):
            home.register_panel("tests.twice", roles={"reporter"}, build=lambda request, scope: None)
    finally:
        home._PANELS.pop("tests.twice")


def test_user_without_role_is_told_to_ask_for_one(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "U hebt nog geen rol in een organisatie" in client.get("/").content.decode()


def test_menu_item_shows_for_its_role_and_marks_the_current_page(world, login, menu_item):
    client = login(world.user("policy_officer"))
    home_page = client.get("/").content.decode()
    assert '<a class="schakel-nav__link" href="/api/v1">Testmenu</a>' in home_page
    assert '<a class="schakel-nav__link" href="/" aria-current="page">Start</a>' in home_page


def test_menu_item_is_hidden_from_other_roles(world, login, menu_item):
    assert "Testmenu" not in login(world.user("reporter")).get("/").content.decode()


def test_registering_a_menu_item_twice_fails(menu_item):
    with pytest.raises(ValueError, match="registered twice"):
        navigation.register_nav_item("tests.item", label="x", url_name="api:root", roles={"reporter"})


def test_favicon_request_is_redirected_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/schakel/favicon.svg"
