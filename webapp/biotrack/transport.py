"""HTTP to BioTrack: one requests Session, timeouts on every call, safe retries, masked DEBUG logs."""
import logging
import time
from urllib.parse import urljoin, urlsplit

import requests

from webapp.backoff import delay as retry_delay

from . import instruments
from .failures import transport_error
from .masking import mask_body, mask_headers

log = logging.getLogger("webapp.biotrack")
RETRY_STATUSES = {502, 503, 504}
MAX_PAUSE_SECONDS = 5.0  # retries within one call stay quick: a caller is waiting


class Transport:
    """Sends requests to one BioTrack base URL."""

    def __init__(self, base_url: str, timeout, *, session: requests.Session | None = None,
                 retries: int = 2, backoff: float = 0.3, sleep=time.sleep):
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers.setdefault("Accept", "application/json")
        # requests reads proxy and CA settings from the environment on every call (about 1 ms,
        # as much as the rest of a report's own work): read them once per host instead.
        self.session.trust_env = False
        self._environment: dict[tuple, dict] = {}
        self.retries, self.backoff, self.sleep = retries, backoff, sleep

    def _settings(self, url: str) -> dict:
        """The proxies and CA bundle the environment gives for this URL's host (read once)."""
        origin = urlsplit(url)[:2]
        if origin not in self._environment:
            found = requests.Session().merge_environment_settings(url, {}, None, None, None)
            self._environment[origin] = {"proxies": found["proxies"], "verify": found["verify"]}
        return self._environment[origin]

    def url(self, path: str) -> str:
        """An absolute URL for a path of the API."""
        return urljoin(self.base_url, path.lstrip("/"))

    def send(self, method: str, path: str, *, retry: bool = False, **kwargs) -> requests.Response:
        """Send once, or (retry=True, for safe calls) up to `retries` more times on connect errors and 502/503/504."""
        url = path if path.startswith(("http://", "https://")) else self.url(path)
        timeout = kwargs.pop("timeout", self.timeout)
        operation_path = url[len(self.base_url):] if url.startswith(self.base_url) else path
        for attempt in range(self.retries + 1 if retry else 1):
            if attempt:
                self.sleep(retry_delay(attempt, self.backoff, MAX_PAUSE_SECONDS).total_seconds())
            started = time.perf_counter()
            try:
                resp = self.session.request(method, url, timeout=timeout, allow_redirects=False,
                                            **self._settings(url), **kwargs)
            except requests.RequestException as exc:
                error = transport_error(exc)
                instruments.observe(method, operation_path, error.code, time.perf_counter() - started)
                log.debug("BioTrack %s %s failed: %s", method, url, error.code)
                # A read timeout is not retried even when safe: waiting again rarely helps.
                if retry and attempt < self.retries and error.code != "read_timeout":
                    continue
                raise error from exc
            instruments.observe(method, operation_path, f"{resp.status_code // 100}xx",
                                time.perf_counter() - started)
            self._log(resp)
            if retry and resp.status_code in RETRY_STATUSES and attempt < self.retries:
                continue
            return resp
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _log(resp: requests.Response) -> None:
        """Log the exchange with every secret masked (only when DEBUG is on)."""
        if not log.isEnabledFor(logging.DEBUG):
            return
        req = resp.request
        log.debug(
            "BioTrack %s %s headers=%s body=%s -> %s in %.0f ms body=%s",
            req.method, req.url, mask_headers(req.headers), mask_body(req.body), resp.status_code,
            resp.elapsed.total_seconds() * 1000, mask_body(resp.content),
        )
