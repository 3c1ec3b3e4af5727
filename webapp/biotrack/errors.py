"""The typed failures of the BioTrack client; none of them ever carries a secret."""


class BioTrackError(Exception):
    """A failure talking to BioTrack: .code is stable, .message is for people, .status is HTTP or None."""

    default_code = "biotrack_error"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.status = status

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status!r}, message={self.message!r})"


class InvalidCredentials(BioTrackError):
    """The user's BioTrack credentials do not work (wrong password, deactivated, no access, not admin...)."""

    default_code = "invalid_credentials"


class AuthorizationInvalid(BioTrackError):
    """The integrator grant is missing, expired, revoked or superseded, or the OAuth exchange failed."""

    default_code = "authorization_invalid"


class NotFound(BioTrackError):
    """BioTrack does not know the user, manifest, invoice... asked for."""

    default_code = "not_found"


class ValidationFailed(BioTrackError):
    """BioTrack (or the client, before sending) refused the data; .fields maps our field names to messages."""

    default_code = "validation_error"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None, code: str | None = None, status: int | None = None):
        super().__init__(message, code=code, status=status)
        self.fields = dict(fields or {})


class Conflict(BioTrackError):
    """The change clashes with BioTrack's state (username taken, last admin, manifest already received)."""

    default_code = "conflict"


class RateLimited(BioTrackError):
    """BioTrack asks us to slow down; retry after .retry_after seconds."""

    default_code = "rate_limited"

    def __init__(self, message: str, *, retry_after: float, code: str | None = None, status: int | None = 429):
        super().__init__(message, code=code, status=status)
        self.retry_after = retry_after


class Unavailable(BioTrackError):
    """BioTrack could not be reached or did not answer properly.

    .sent is True when the request may have reached BioTrack (read timeout, dropped answer, 5xx),
    False when it certainly did not (connection refused, connect timeout, DNS or TLS failure).
    """

    default_code = "unavailable"

    def __init__(self, message: str, *, sent: bool, retry_after: float | None = None, code: str | None = None, status: int | None = None):
        super().__init__(message, code=code, status=status)
        self.sent = sent
        self.retry_after = retry_after
