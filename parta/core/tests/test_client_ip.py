import pytest
from django.test import RequestFactory, override_settings

from parta.core.context import client_ip


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        pytest.param("203.0.113.5", "", [], "203.0.113.5", id="direct"),
        pytest.param("203.0.113.5", "1.2.3.4", [], "203.0.113.5", id="untrusted_header_ignored"),
        pytest.param("10.0.0.2", "198.51.100.7", ["10.0.0.2"], "198.51.100.7", id="one_proxy"),
        pytest.param(
            "10.0.0.2",
            "6.6.6.6, 198.51.100.7, 10.0.0.3",
            ["10.0.0.2", "10.0.0.3"],
            "198.51.100.7",
            id="spoofed_left_part_ignored",
        ),
        pytest.param("10.0.0.2", "", ["10.0.0.2"], "10.0.0.2", id="proxy_without_header"),
    ],
)
def test_client_ip(remote, forwarded, trusted, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=trusted):
        assert client_ip(request) == expected
