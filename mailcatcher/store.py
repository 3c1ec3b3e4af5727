"""Caught messages on disk: one .eml file each, newest first."""
import email
import email.policy
import re
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

NAME_RE = re.compile(r"^[0-9]{13}-[0-9a-f]{32}\.eml$")


@dataclass
class Caught:
    """A caught message and its file name (its id on the web page)."""

    name: str
    message: email.message.EmailMessage

    @property
    def received_at(self) -> datetime:
        """When it was caught (the file name starts with the time in milliseconds)."""
        return datetime.fromtimestamp(int(self.name[:13]) / 1000).astimezone()

    @property
    def text(self) -> str:
        """The plain-text body, if any."""
        part = self.message.get_body(("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        """The HTML body, if any."""
        part = self.message.get_body(("html",))
        return part.get_content() if part is not None else ""


class MailStore:
    """A folder of .eml files."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def save(self, raw: bytes, recipients: list[str]) -> str:
        """Keep a message (with its envelope recipients, as Bcc shows nowhere else)."""
        name = f"{int(time.time() * 1000):013d}-{uuid.uuid4().hex}.eml"
        header = f"X-Caught-Recipients: {', '.join(recipients)}\r\n".encode()
        (self.folder / name).write_bytes(header + raw)
        return name

    def names(self) -> list[str]:
        """File names, newest first."""
        return sorted((p.name for p in self.folder.glob("*.eml") if NAME_RE.match(p.name)),
                      reverse=True)

    def get(self, name: str) -> Caught | None:
        """One message by file name; None for anything that is not one of ours."""
        if not NAME_RE.match(name) or not (self.folder / name).is_file():
            return None
        raw = (self.folder / name).read_bytes()
        return Caught(name, email.message_from_bytes(raw, policy=email.policy.default))

    def all(self, limit: int = 200) -> list[Caught]:
        """The newest messages."""
        return [m for m in (self.get(n) for n in self.names()[:limit]) if m is not None]
