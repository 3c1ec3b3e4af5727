"""The environment's proxy and CA settings still apply, read once per host."""
from webapp.biotrack.transport import Transport


def test_proxy_and_ca_bundle_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/company-ca.pem")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    transport = Transport("https://api.biotrack.example/", (3, 10))
    settings = transport._settings("https://api.biotrack.example/v1/me")
    assert settings == {"proxies": {"https": "http://proxy.internal:3128"},
                        "verify": "/etc/ssl/company-ca.pem"}
    monkeypatch.setenv("HTTPS_PROXY", "http://changed:1")
    assert transport._settings("https://api.biotrack.example/v1/users")["proxies"] == {
        "https": "http://proxy.internal:3128"}  # read once: a restart picks up a change


def test_no_proxy_is_honoured(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "api.biotrack.example")
    transport = Transport("https://api.biotrack.example/", (3, 10))
    assert transport._settings("https://api.biotrack.example/v1/me")["proxies"] == {}
