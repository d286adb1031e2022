"""A login costs one password hash, right or wrong (issue 14.17: a wrong password took
twice as long as a right one, 6.7-7.9 s under load, because two authentication
backends each hashed it). make bench: aanmelden.wrong_password_ratio."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from ..conftest import WACHTWOORD


@pytest.mark.parametrize(("wachtwoord", "status"), [(WACHTWOORD, 302), ("fout-wachtwoord", 200)])
def test_a_login_hashes_the_password_once(client, vrijwilliger, wachtwoord, status):
    hasher = type(get_hasher())
    echt = hasher.verify
    with mock.patch.object(hasher, "verify", autospec=True, side_effect=echt) as verify:
        response = client.post(
            reverse("account_login"), {"login": vrijwilliger.username, "password": wachtwoord}
        )
    assert response.status_code == status
    assert verify.call_count == 1
