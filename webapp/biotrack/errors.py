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


# Which part of a sign-in a refusal is about, by BioTrack's code.
SIGN_IN_PARTS = {
    "invalid_password": "password", "unknown_user": "username", "user_inactive": "username",
    "not_admin": "username", "unknown_license": "license", "no_license_access": "license",
    "license_inactive": "license", "unknown_ubi": "ubi",
}
# Refusals that can end without the user changing anything: an admin reactivates the account or
# gives the license back. A wrong password never ends by itself.
RECOVERABLE_CODES = frozenset({"user_inactive", "no_license_access", "license_inactive"})
USER_INACTIVE = "user_inactive"  # also what we record when our own admin deactivates the user


class InvalidCredentials(BioTrackError):
    """The user's BioTrack credentials do not work (wrong password, deactivated, no access, not admin...).

    .field is the part of the sign-in at fault: "username", "password", "license", "ubi", or None
    when BioTrack did not say; .recoverable says whether it can end without the user doing
    anything (their account or license reactivated).
    """

    default_code = "invalid_credentials"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message, code=code, status=status)
        self.field = SIGN_IN_PARTS.get(self.code)
        self.recoverable = self.code in RECOVERABLE_CODES


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


class LastAdmin(Conflict):
    """The change would leave the UBI without an active admin."""

    default_code = "last_admin"


class UsernameExists(Conflict):
    """A BioTrack user with this username already exists for the UBI."""

    default_code = "username_taken"


class TargetInactive(Conflict):
    """The BioTrack user the change is about is deactivated: reactivate them first."""

    default_code = USER_INACTIVE


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
