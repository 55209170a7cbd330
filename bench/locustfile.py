"""Locust user for the sustained intake load: POSTs prepared form bodies to 127.0.0.1 only.

Run by the harness (`locust --headless`, bounded by --run-time and BENCH_LOCUST_MAX requests).
The spec file (BENCH_LOCUST_SPEC) holds the path, cookies, headers, expected status and bodies.
"""

import itertools
import json
import os
import secrets
from urllib.parse import urlencode

from locust import FastHttpUser, constant, events, task

SPEC = json.loads(open(os.environ["BENCH_LOCUST_SPEC"], encoding="utf-8").read())
MAX_REQUESTS = int(os.environ.get("BENCH_LOCUST_MAX", "20000"))
BODIES = itertools.cycle(SPEC["bodies"])
_sent = itertools.count(1)


@events.test_start.add_listener
def _only_localhost(environment, **kwargs):
    if not environment.host.startswith("http://127.0.0.1:"):
        raise SystemExit("the bench load generator only runs against 127.0.0.1")


class IntakeUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def submit(self):
        if next(_sent) > MAX_REQUESTS:
            self.environment.runner.quit()
            return
        body = [tuple(pair) for pair in next(BODIES)]
        if SPEC.get("fresh_form_token"):
            body = [(k, secrets.token_urlsafe(32) if k == "form_token" else v) for k, v in body]
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": SPEC.get("cookie", ""),
                   **SPEC.get("headers", {})}
        with self.client.post(SPEC["path"], data=urlencode(body), headers=headers, catch_response=True,
                              allow_redirects=False) as response:
            if response.status_code != SPEC["expect"]:
                response.failure(f"HTTP {response.status_code}")
