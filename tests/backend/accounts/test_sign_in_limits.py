"""Sign-in limits: every way in with a password counts attempts per real client address, in the shared cache."""

import os

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from backend.core.client import client_address

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"


@pytest.fixture
def limited(settings):
    settings.SIGN_IN_RATE = "3/min"
    cache.clear()
    yield settings
    cache.clear()


def _attempt(client, way: str, username: str, password: str, **headers):
    if way == "api_token":
        return client.post("/api/v1/auth/token/", {"username": username, "password": password}, **headers)
    if way == "phone":
        body = {"username": username, "password": password, "name": "Điện thoại"}
        return client.post("/api/mobile/v1/devices/", body, content_type="application/json", **headers)
    path = "/accounts/login/" if way == "web" else "/admin/login/"
    return client.post(path, {"username": username, "password": password}, **headers)


WAYS = ["api_token", "phone", "web", "admin"]


@pytest.mark.parametrize("way", WAYS)
def test_a_spoofed_forwarded_for_does_not_reset_the_count(client, coordinator, limited, way):
    statuses = [
        _attempt(client, way, coordinator.username, "guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    right = _attempt(client, way, coordinator.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert 429 not in statuses[:3] and statuses[3:] == [429, 429], statuses
    assert right.status_code == 429 and int(right["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("way", ["api_token", "web"])
def test_behind_a_trusted_proxy_each_real_client_has_its_own_count(client, coordinator, limited, way):
    limited.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's REMOTE_ADDR: the proxy
    guesser = [
        _attempt(client, way, coordinator.username, "guess", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7")
        for n in range(4)
    ]
    other = _attempt(client, way, coordinator.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert [r.status_code for r in guesser][3] == 429 and 429 not in [r.status_code for r in guesser[:3]]
    assert other.status_code in (200, 302)


def test_the_web_sign_in_page_says_when_to_try_again(client, coordinator, limited):
    for _ in range(3):
        _attempt(client, "web", coordinator.username, "guess")

    response = _attempt(client, "web", coordinator.username, PASSWORD, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429
    assert "Too many sign-in attempts from your address" in response.content.decode()
    assert client.get("/accounts/login/").status_code == 200  # the page itself still shows


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        ([], "192.0.2.1", "203.0.113.7", "192.0.2.1"),
        (["10.0.0.0/8"], "192.0.2.1", "203.0.113.7", "192.0.2.1"),  # not from a proxy: the header is the client's
        (["10.0.0.0/8"], "10.0.0.2", "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (["10.0.0.0/8"], "10.0.0.2", "203.0.113.7, 10.0.0.3", "203.0.113.7"),  # two proxies
        (["10.0.0.0/8"], "10.0.0.2", "not-an-address", "10.0.0.2"),
        (["10.0.0.0/8"], "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address(settings, proxies, remote, forwarded, client):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == client


def test_attempts_are_counted_in_the_shared_redis_cache(client, coordinator, limited):
    redis = pytest.importorskip("redis")
    url = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    limited.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    cache.clear()

    for _ in range(2):
        _attempt(client, "api_token", coordinator.username, "guess")

    # Another connection (another worker process would have its own) sees the two attempts.
    keys = redis.Redis.from_url(url).keys("*throttle_sign_in_127.0.0.1")
    assert len(keys) == 1
    assert cache.get("throttle_sign_in_127.0.0.1") and len(cache.get("throttle_sign_in_127.0.0.1")) == 2
    cache.clear()
