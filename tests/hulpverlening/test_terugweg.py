"""One rule for every return address (issue 20.2): a path on this site, or a known page."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from hulpverlening.terugweg import lokaal_pad, terugweg

ONVEILIG = [
    "b",
    "home",
    "https://kwaad.example/",
    "//kwaad.example/x",
    "/\\\\kwaad.example",
    " ",
    "",
]


@pytest.mark.parametrize("waarde", ONVEILIG)
def test_anything_but_a_local_path_falls_back_to_the_start_page(waarde):
    verzoek = RequestFactory().get("/", {"next": waarde})
    assert terugweg(verzoek) == reverse("home")


def test_a_local_path_is_kept_and_a_prefix_can_narrow_it():
    verzoek = RequestFactory().get("/")
    assert lokaal_pad(verzoek, "/gezinnen/3/") == "/gezinnen/3/"
    assert lokaal_pad(verzoek, "/gezinnen/3/", binnen="/registratie/") == ""


@pytest.mark.parametrize("volgende", ["b", "https://kwaad.example/", "//kwaad.example"])
def test_the_organisation_picker_never_answers_500_on_a_strange_next(als, coordinator, volgende):
    lidmaatschap = coordinator.lidmaatschappen.get()
    antwoord = als(coordinator).post(
        reverse("kies_organisatie"), {"lidmaatschap": lidmaatschap.pk, "next": volgende}
    )
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("home")


def test_the_organisation_picker_returns_to_a_local_next(als, coordinator):
    lidmaatschap = coordinator.lidmaatschappen.get()
    antwoord = als(coordinator).post(
        reverse("kies_organisatie"), {"lidmaatschap": lidmaatschap.pk, "next": "/gezinnen/"}
    )
    assert antwoord.url == "/gezinnen/"
