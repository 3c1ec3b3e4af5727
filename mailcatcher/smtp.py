"""The SMTP side: aiosmtpd on loopback, saving whatever it is given."""
import logging

from aiosmtpd.controller import Controller

log = logging.getLogger("mailcatcher")


class CatchAll:
    """An aiosmtpd handler that accepts every message and stores it."""

    def __init__(self, store):
        self.store = store

    async def handle_DATA(self, server, session, envelope):
        """Save the message (aiosmtpd hook)."""
        name = self.store.save(envelope.content, list(envelope.rcpt_tos))
        log.info("caught mail for %s (%s)", ", ".join(envelope.rcpt_tos), name)
        return "250 Message accepted for delivery"


def start(store, port: int, host: str = "127.0.0.1") -> Controller:
    """Listen for SMTP on host:port in a background thread."""
    controller = Controller(CatchAll(store), hostname=host, port=port,
                            server_hostname="localhost")
    controller.start()
    return controller
