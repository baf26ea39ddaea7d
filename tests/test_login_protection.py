"""Password guessing on the admin login is paused per username and address (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from casetracker.proxy import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the researcher fixture's
ATTACKER = "198.51.100.9"
OFFICE = "203.0.113.7"


def log_in(client, password, *, username="researcher", address=OFFICE, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def is_logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_the_fifth_failure_locks_that_username_from_that_address(client, researcher):
    for _ in range(4):
        assert log_in(client, "wrong").status_code == 200

    assert log_in(client, "wrong").status_code == 429
    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "Try again in 15 minutes" in " ".join(response.content.decode().split())
    assert "_auth_user_id" not in client.session


def test_the_count_is_kept_in_the_database_for_every_worker(client, researcher):
    for _ in range(5):
        log_in(client, "wrong")
    cache.clear()

    attempt = AccessAttempt.objects.get(username="researcher", ip_address=OFFICE)
    assert attempt.failures_since_start == 5
    assert log_in(Client(), PASSWORD).status_code == 429


def test_failures_from_elsewhere_cannot_lock_a_researcher_out(client, researcher):
    for _ in range(10):
        log_in(Client(), "wrong", address=ATTACKER)

    assert is_logged_in(log_in(client, PASSWORD, address=OFFICE))


def test_a_colleague_at_the_same_address_can_still_log_in(client, researcher, django_user_model):
    django_user_model.objects.create_user(username="colleague", password=PASSWORD, is_staff=True)
    for _ in range(5):
        log_in(Client(), "wrong")

    assert is_logged_in(log_in(client, PASSWORD, username="colleague"))


def test_a_successful_login_starts_the_count_again(client, researcher):
    for _ in range(4):
        log_in(client, "wrong")
    assert is_logged_in(log_in(client, PASSWORD))
    client.logout()

    for _ in range(4):
        assert log_in(client, "wrong").status_code == 200
    assert is_logged_in(log_in(client, PASSWORD))


def test_a_csrf_failure_is_not_a_failed_login(researcher):
    client = Client(enforce_csrf_checks=True)
    for _ in range(6):
        assert log_in(client, "wrong").status_code == 403
    assert not AccessAttempt.objects.exists()

    client.get(reverse("admin:login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("admin:login"),
        {"username": "researcher", "password": PASSWORD, "csrfmiddlewaretoken": token},
        REMOTE_ADDR=OFFICE,
    )
    assert is_logged_in(response)


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(
    client, researcher, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        log_in(Client(), "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER)

    assert AccessAttempt.objects.get().ip_address == ATTACKER
    response = log_in(client, PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE)
    assert is_logged_in(response)


@pytest.mark.parametrize("proxies", [0, 1])
def test_writing_x_forwarded_for_does_not_escape_the_count(client, researcher, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    for n in range(5):
        # Behind the proxy the client's own header arrives with its address appended.
        forwarded = f"192.0.2.{n}, {ATTACKER}" if proxies else f"192.0.2.{n}"
        remote = "10.0.0.2" if proxies else ATTACKER
        log_in(Client(), "wrong", address=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert AccessAttempt.objects.get().ip_address == ATTACKER
    assert (
        log_in(client, PASSWORD, address=remote, HTTP_X_FORWARDED_FOR=forwarded).status_code == 429
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "192.0.2.1", "10.0.0.2"),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.1", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", "10.0.0.2"),  # did not come through the proxy
        (2, "192.0.2.1", "10.0.0.2"),  # nor through both
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_address(settings, proxies, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == address
