import pytest


@pytest.mark.django_db
def test_unknown_url_answers_dutch_404_page(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.django_db
def test_home_shows_role_and_organisation_in_header(world, login):
    client = login(world.user("focal_officer"))
    page = client.get("/").content.decode()
    assert "Aandachtsfunctionaris" in page
    assert "Gemeente Aadorp" in page
