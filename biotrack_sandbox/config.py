"""Settings of the sandbox, read from the environment (each has a development default)."""
import os


def _flag(value: str) -> bool:
    """Whether an environment value means on."""
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(env, name: str, default: int) -> int:
    """A positive integer setting; a bad value stops start-up naming the setting."""
    raw = env.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise RuntimeError(f"{name} must be a positive whole number of seconds/days, not {raw!r}")
    return value


def _redirect_uris(env) -> list[str]:
    """Registered callback URIs: explicit, or our app's callback on its PORT."""
    raw = env.get("SANDBOX_REDIRECT_URIS")
    if raw is None:
        port = env.get("PORT", "5000")
        raw = ",".join(f"http://{host}:{port}/config/integration/callback" for host in ("127.0.0.1", "localhost"))
    return [uri.strip() for uri in raw.split(",") if uri.strip()]


def _latency(env) -> int:
    """Milliseconds added to every API answer, as a network to the real BioTrack would."""
    raw = env.get("SANDBOX_LATENCY_MS", "0")
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise RuntimeError(f"SANDBOX_LATENCY_MS must be a whole number of milliseconds, not {raw!r}")
    return value


def from_environment(env=None) -> dict:
    """Build the app config from environment variables."""
    env = os.environ if env is None else env
    return {
        "SANDBOX_DATABASE": env.get("SANDBOX_DATABASE") or None,
        "SANDBOX_TEST_CONTROLS": _flag(env.get("SANDBOX_TEST_CONTROLS", "")),
        "BIOTRACK_CLIENT_ID": env.get("BIOTRACK_CLIENT_ID") or "tracebridge-dev",
        "BIOTRACK_CLIENT_SECRET": env.get("BIOTRACK_CLIENT_SECRET") or "tracebridge-dev-secret",
        "SANDBOX_CLIENT_COMPANY": env.get("SANDBOX_CLIENT_COMPANY") or "TraceBridge Inc",
        "SANDBOX_CLIENT_APPLICATION": env.get("SANDBOX_CLIENT_APPLICATION") or "TraceBridge",
        "SANDBOX_REDIRECT_URIS": _redirect_uris(env),
        "SANDBOX_ACCESS_TOKEN_SECONDS": _number(env, "SANDBOX_ACCESS_TOKEN_SECONDS", 3600),
        "SANDBOX_SESSION_SECONDS": _number(env, "SANDBOX_SESSION_SECONDS", 24 * 3600),
        "SANDBOX_GRANT_DAYS": _number(env, "SANDBOX_GRANT_DAYS", 100),
        "SANDBOX_CODE_SECONDS": _number(env, "SANDBOX_CODE_SECONDS", 300),
        "SANDBOX_LATENCY_MS": _latency(env),
    }
