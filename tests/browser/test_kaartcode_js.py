"""The desk's card-code check (static/registratie/kaartcode.js) agrees with
hulpverlening/kaartcodes.py: the same codes pass, the same typos fail with the same message."""

import random

import pytest

from hulpverlening import kaartcodes

from .conftest import aanmelden

pytestmark = pytest.mark.browser


def _varianten(rng: random.Random) -> list[str]:
    teksten = ["", " ", "-", "ABCD-EFGH", "ABCD-EFGH-JK", "ÄBCD-EFGH-J", "abcd efgh u", "A*B"]
    for _ in range(150):
        code = kaartcodes.new_code()
        i = rng.randrange(9)
        ander = rng.choice([c for c in kaartcodes.ALPHABET if c != code[i]])
        j = rng.randrange(8)
        teksten += [
            code,
            kaartcodes.format_code(code).lower(),
            " ".join(code),
            code.replace("0", "O").replace("1", rng.choice("IL")),
            code[:i] + ander + code[i + 1 :],  # one character mistyped
            code[:j] + code[j + 1] + code[j] + code[j + 2 :],  # two neighbours swapped
            code[:-1],
            code + rng.choice(kaartcodes.ALPHABET),
            code[:4] + rng.choice("UÜ!?#é") + code[5:],
        ]
    return teksten


def _python(tekst: str) -> dict:
    try:
        return {"code": kaartcodes.normalise_code(tekst)}
    except kaartcodes.OngeldigeKaartcode as fout:
        return {"fout": str(fout)}


def test_the_desk_and_the_server_judge_every_typed_code_alike(telefoon, balie, vrijwilliger):
    page = telefoon(service_workers="block").new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_function("() => window.Kaartcode !== undefined")
    teksten = _varianten(random.Random(2026))
    in_js = page.evaluate("(teksten) => teksten.map((t) => Kaartcode.normaliseer(t))", teksten)
    verschillen = [
        (tekst, python, js)
        for tekst, python, js in zip(teksten, map(_python, teksten), in_js, strict=True)
        if python != js
    ]
    assert not verschillen, verschillen[:5]
    # The variants really test something: valid codes, and every kind of refusal.
    uitkomsten = {next(iter(_python(t).values()))[:20] for t in teksten if "fout" in _python(t)}
    assert len(uitkomsten) >= 4
    assert sum("code" in _python(t) for t in teksten) >= 150
