#!/usr/bin/env python
"""Screenshots of Schakel pages at 1280 and 320 px wide, for people to look at.

    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000 /account/login/
    SCHAKEL_DEMO=true .venv/bin/python scripts/screenshots.py --user <username> / /signalen/
    .venv/bin/python scripts/screenshots.py --session-cookie <value of sessionid> /

Saves screenshots/<page>-1280.png and screenshots/<page>-320.png (full page) with Debian's
Chromium. `--user` creates a logged-in session (password and second factor recorded, as allauth
does) in the database the settings point at: run it with the environment of the server you
photograph. `--session-cookie` reuses a session from a browser instead.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1280, 320)


def session_for_username(username: str) -> tuple[str, str]:
    """(cookie name, session key) of a new session for `username`, with both factors recorded."""
    sys.path[:0] = [str(PROJECT_DIR / "src"), str(PROJECT_DIR)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": 0, "username": user.username},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return settings.SESSION_COOKIE_NAME, session.session_key


def slug(path: str) -> str:
    cleaned = re.sub(r"[^a-zA-Z0-9]+", "-", path).strip("-")
    return cleaned or "home"


def take(base_url: str, paths: list[str], out_dir: Path, cookie: tuple[str, str] | None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )
        try:
            for width in WIDTHS:
                context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 800},
                                              locale="nl-NL", timezone_id="Europe/Amsterdam")
                if cookie:
                    context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": base_url}])
                page = context.new_page()
                for path in paths:
                    response = page.goto(path, wait_until="networkidle")
                    target = out_dir / f"{slug(path)}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    status = response.status if response else "?"
                    print(f"{target}  ({status} {page.url})")
                    saved.append(target)
                context.close()
        finally:
            browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="paths to photograph, e.g. / /account/login/")
    parser.add_argument("--base-url", default=os.environ.get("SCHAKEL_SITE_URL", "http://127.0.0.1:8000"))
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--user", help="user name to log in as (a session is created in the database)")
    who.add_argument("--session-cookie", help="value of the session cookie of a logged-in browser")
    parser.add_argument("--cookie-name", default="sessionid", help="session cookie name (with --session-cookie)")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "screenshots")
    args = parser.parse_args(argv)

    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: apt-get install -y chromium")
    parts = urlsplit(args.base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        parser.error(f"--base-url must be like http://127.0.0.1:8000, not {args.base_url!r}")
    cookie = None
    if args.user:
        cookie = session_for_username(args.user)
    elif args.session_cookie:
        cookie = (args.cookie_name, args.session_cookie)
    take(args.base_url, args.paths, args.out, cookie)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
