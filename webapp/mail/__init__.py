"""E-mail: an outbox in the database, sent over SMTP by the scheduler; the e-mail log page.

Other features queue messages in their own transaction; nothing is sent before it commits:

    from webapp.mail import queue_email

    queue_email(to=["owner@example.com"], subject="Link your BioTrack account",
                template="biotrack_invite",  # templates/emails/biotrack_invite.{html,txt}
                context={"link": link}, dedupe_key=f"biotrack-invite:{invite.id}",
                organization_id=org.id, location_id=store.id)
    db.session.commit()

See webapp/mail/outbox.py (queue_email) for the rules, delivery.py for how it is sent.
"""

from webapp.features import Feature, MenuEntry
from webapp.mail import delivery, views
from webapp.mail.blueprint import bp
from webapp.mail.outbox import Email, queue_email, queue_emails

FEATURE = Feature(
    "mail", blueprints=(bp,), routes=(views,),
    menu=(MenuEntry("Administration", "E-mail log", "mail.log", "manage_organization", 50),),
    jobs=(delivery.deliver_outbox,))

__all__ = ["Email", "bp", "queue_email", "queue_emails"]
