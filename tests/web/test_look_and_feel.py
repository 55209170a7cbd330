"""The page frame: NL Design System CSS from our own origin, landmarks, skip link, demo banner, no inline code."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "schakel"
VENDOR = SRC / "web" / "static" / "vendor"

pytestmark = pytest.mark.django_db


def _page(client) -> str:
    response = client.get("/bestaat-niet")  # an anonymous page in the full frame
    return response.content.decode()


def test_pages_load_vendored_nl_design_system_css_and_own_theme_from_own_origin(client):
    html = _page(client)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == [
        "/static/vendor/utrecht-component-library-css/index.css",
        "/static/vendor/voorbeeld-design-tokens/theme.css",
        "/static/schakel/schakel.css",
    ]
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "no asset from another host"


@pytest.mark.parametrize("path", [
    "/static/schakel/schakel.css",
    "/static/vendor/utrecht-component-library-css/index.css",
    "/static/vendor/voorbeeld-design-tokens/theme.css",
])
def test_static_files_are_served_by_whitenoise(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content)


@pytest.mark.parametrize("package,version", [
    ("utrecht-component-library-css", "9.0.4"),
    ("voorbeeld-design-tokens", "7.4.1"),
])
def test_vendored_css_carries_its_licence_and_provenance(package, version):
    folder = VENDOR / package
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (folder / "LICENSE.md").read_text()
    readme = (folder / "README.md").read_text()
    assert version in readme and "npmjs.com" in readme


def test_theme_defines_tokens_visible_focus_and_small_screen_rules():
    css = (SRC / "web" / "static" / "schakel" / "schakel.css").read_text()
    assert "--schakel-focus-outline-width: 3px" in css
    assert re.search(r":focus-visible\s*{[^}]*outline: var\(--schakel-focus-outline-width\) solid", css)
    assert ".schakel-skip-link:focus" in css
    assert ".schakel-demo-banner" in css
    assert "@media (max-width: 40em)" in css


def test_frame_has_landmarks_and_skip_link_first(client):
    html = _page(client)
    body = html[html.index("<body"):]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'href="#main"' in first_link and "schakel-skip-link" in first_link
    for landmark in ("<header", "<main id=\"main\"", "<footer"):
        assert landmark in html
    assert '<html lang="nl"' in html


def test_demo_banner_shows_only_in_demo_mode(client, settings):
    assert "Demo-omgeving" not in _page(client)
    settings.DEMO_MODE = True
    assert "Alle gegevens zijn verzonnen" in _page(client)


def test_header_lists_every_role_with_its_organisation(world, login):
    from tests.factories import MembershipFactory

    user = world.user("focal_officer")
    MembershipFactory(user=user, organisation=world.organisations["police_a"], role="partner_member")
    html = login(user).get("/").content.decode()
    header = html[html.index("<header"):html.index("</header>")]
    assert "Aandachtsfunctionaris" in header and "Gemeente Aadorp" in header
    assert "Ketenpartner" in header and "Politie A" in header
    assert "Uitloggen" in header


def _templates():
    return sorted(SRC.glob("**/templates/**/*.html"))


def test_no_template_has_inline_style_or_script():
    """The CSP allows scripts and styles from our own files only; inline code would silently break."""
    offenders = []
    for template in _templates():
        text = template.read_text()
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offenders.append(f"{template}: inline style")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{template}: inline script {tag}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: inline event handler")
    assert _templates() and not offenders, "\n".join(offenders)
