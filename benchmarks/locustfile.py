"""The load test's visitors (`make loadtest` runs them headless through benchmarks/loadtest.py).

A realistic mix on the Lebak demo: the public on /statistik/ and the catalog, officers of
Rangkasbitung and Bayah searching, opening and editing units, analysts and the admin on the
dashboard and lists. The demo accounts' password comes from SENTRA_DEMO_PASSWORD.
"""

from __future__ import annotations

import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSWORD = os.environ.get("SENTRA_DEMO_PASSWORD", "")
SEARCHES = ("batik", "anyaman", "gula", "emping", "kerupuk", "bambu", "kopi", "golok", "sale")
UNIT_LINK = re.compile(r'href="/units/(\d+)/"')
PRODUCT_LINK = re.compile(r'href="(/katalog/\d+-[\w-]+/)"')


class _PostForm(HTMLParser):
    """The fields of the page's POST form whose action is the page itself (the edit form),
    as a browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._inside = a.get("method", "").lower() == "post" and a.get("action", "") == ""
        if not self._inside or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file"}:
                self.fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select, self._select_first = a["name"], None
        elif tag == "option" and self._select is not None:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select" and self._select is not None:
            self.fields.setdefault(self._select, self._select_first or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data


class _SignedIn(HttpUser):
    abstract = True
    usernames: tuple[str, ...] = ()

    def on_start(self) -> None:
        self.client.get("/masuk/", name="/masuk/")
        response = self.client.post(
            "/masuk/",
            {
                "username": random.choice(self.usernames),
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="/masuk/ (POST)",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed: HTTP {response.status_code}")


class PublicVisitor(HttpUser):
    """Anyone: the public statistics, the catalog and a product page."""

    weight = 5
    wait_time = between(0.5, 2)

    @task(3)
    def statistics(self) -> None:
        self.client.get("/statistik/", name="/statistik/")

    @task(2)
    def catalog(self) -> None:
        page = self.client.get("/katalog/", name="/katalog/")
        products = PRODUCT_LINK.findall(page.text)
        if products:
            self.client.get(random.choice(products), name="/katalog/[product]/")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="/")


class Officer(_SignedIn):
    """An officer of a kecamatan: searches, opens units and saves edits."""

    weight = 3
    wait_time = between(0.5, 2)
    usernames = ("petugas.rangkasbitung", "petugas.bayah")
    units: list[str]

    def on_start(self) -> None:
        super().on_start()
        self.units = UNIT_LINK.findall(self.client.get("/units/", name="/units/").text)

    @task(4)
    def search(self) -> None:
        page = self.client.get(f"/units/?q={random.choice(SEARCHES)}", name="/units/?q=[name]")
        self.units = UNIT_LINK.findall(page.text) or self.units

    @task(3)
    def open_unit(self) -> None:
        if self.units:
            self.client.get(f"/units/{random.choice(self.units)}/", name="/units/[id]/")

    @task(1)
    def list_page(self) -> None:
        self.client.get(f"/units/?page={random.randint(1, 20)}", name="/units/?page=[n]")

    @task(2)
    def edit_unit(self) -> None:
        if not self.units:
            return
        url = f"/units/{random.choice(self.units)}/edit/"
        form = _PostForm()
        form.feed(self.client.get(url, name="/units/[id]/edit/").text)
        if "version" not in form.fields:
            return
        form.fields["rt"] = f"{random.randint(1, 20):03d}"
        with self.client.post(
            url,
            form.fields,
            name="/units/[id]/edit/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                # Two officers saving the same unit at once: the later one is shown the
                # conflict (a correct answer, counted apart from errors by its name).
                response.failure(f"not saved: HTTP {response.status_code}")


class Analyst(_SignedIn):
    """The planning analyst and the admin: dashboards, statistics and lists."""

    weight = 2
    wait_time = between(0.5, 2)
    usernames = ("analis", "admin")

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="/dashboard/")

    @task(1)
    def statistics(self) -> None:
        self.client.get("/statistik/", name="/statistik/")

    @task(1)
    def unit_list(self) -> None:
        self.client.get(f"/units/?page={random.randint(1, 200)}", name="/units/?page=[n]")
