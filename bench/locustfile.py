"""The load benchmark's visitors (run by bench/load.py, which writes the
fixture of signed-in sessions this file reads).

Visitor is the realistic mix: people who read and write with a pause
between actions. BareCeiling and HomeCeiling ask as fast as they can for
one route each, to measure the most each can serve."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, constant, task

FIXTURE: dict[str, Any] = json.loads(Path(os.environ["KINDRED_LOAD_FIXTURE"]).read_text())
CSRF = FIXTURE["csrf"]


def signed_in(session: str, **extra: str) -> dict[str, str]:
    return {"Cookie": f"sessionid={session}; csrftoken={CSRF}", **extra}


class Kindred(FastHttpUser):
    abstract = True

    def fetch(self, path: str, name: str, headers: dict[str, str]) -> None:
        with self.client.get(
            path, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def participant_home(self) -> None:
        person = random.choice(FIXTURE["participants"])
        self.fetch("/", "participant home", signed_in(person["session"]))


class Visitor(Kindred):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        # Each route once, so even a short run reports every one of them,
        # paced like every other action: back to back, fifty people starting
        # together sent 300 requests at once, which no real morning does.
        first_visit = (self.home, self.relationship_page, self.suggested_times, self.message_post)
        for action in (*first_visit, self.manager_dashboard, self.api_list):
            action()
            self.wait()

    @task(30)
    def home(self) -> None:
        self.participant_home()

    @task(25)
    def relationship_page(self) -> None:
        person = random.choice(FIXTURE["participants"])
        url = f"/relationships/{person['relationship']}/"
        self.fetch(url, "relationship page", signed_in(person["session"]))

    @task(5)
    def suggested_times(self) -> None:
        # One visit to the relationship page in five asks for meeting times.
        person = random.choice(FIXTURE["participants"])
        url = f"/relationships/{person['relationship']}/meetings/suggestions/"
        self.fetch(url, "suggested times", signed_in(person["session"], **{"HX-Request": "true"}))

    @task(10)
    def message_post(self) -> None:
        person = random.choice(FIXTURE["participants"])
        headers = signed_in(
            person["session"],
            **{"X-CSRFToken": CSRF, "HX-Request": "true"},
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )
        with self.client.post(
            f"/relationships/{person['relationship']}/messages/",
            data="body=Thanks+for+today%2C+I+will+send+the+draft+on+Friday.",
            headers=headers,
            name="message post",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "errorlist" in (response.text or ""):
                response.failure(f"status {response.status_code}")

    @task(5)
    def manager_dashboard(self) -> None:
        url = f"/programmes/{FIXTURE['programme']}/dashboard/"
        self.fetch(url, "manager dashboard", signed_in(FIXTURE["manager_session"]))

    @task(10)
    def api_list(self) -> None:
        offset = random.randrange(0, FIXTURE["participant_count"], 50)
        url = f"/api/v1/programmes/{FIXTURE['programme']}/participants?offset={offset}"
        headers = {"Authorization": f"Bearer {FIXTURE['manager_token']}"}
        self.fetch(url, "API participant list", headers)

    @task(20)
    def bare(self) -> None:
        self.fetch("/bench/bare/", "bare Django view", {})


class BareCeiling(Kindred):
    wait_time = constant(0)

    @task
    def bare(self) -> None:
        self.fetch("/bench/bare/", "bare Django view", {})


class HomeCeiling(Kindred):
    wait_time = constant(0)

    @task
    def home(self) -> None:
        self.participant_home()
