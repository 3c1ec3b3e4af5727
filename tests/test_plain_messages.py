"""BioTrack's words shown once, in the store's time zone, and masking that spares our words."""
from types import SimpleNamespace

from webapp.biotrack.masking import MASK, scrub
from webapp.delivery.messages import field_label, refusal
from webapp.timefmt import localize_instants


def test_masking_never_rewrites_the_words_of_a_message():
    """A mistyped "wrong" password leaves BioTrack's sentence as it was."""
    sentence = "The password for biotrack-admin@demo.test is wrong; check it or ask an admin."
    assert scrub(sentence, ["wrong", "is", "check"]) == sentence


def test_an_echoed_secret_is_still_masked():
    """A real password (BioTrack's minimum is 8 characters) never reaches a message."""
    assert scrub("rejected bt-clerk-pass for clerk", ["bt-clerk-pass"]) == \
        f"rejected {MASK} for clerk"


def test_field_errors_are_said_once_in_plain_words():
    """BioTrack's message repeats its fields; only the fields are shown, named our way."""
    error = SimpleNamespace(
        message="Fix these fields: Items[0].Barcode barcode 600 is not in this license.",
        fields={"items[0].barcode": "barcode 600 is not in this license."})
    text = refusal(error, "America/New_York")
    assert text == "BioTrack refused it: item 1 barcode: barcode 600 is not in this license."
    assert field_label("manifest_id") == "manifest id"


def test_times_in_biotrack_messages_are_shown_in_the_stores_zone():
    """"received on 2026-12-01T23:29:48Z" reads as the store's local time, with the zone."""
    error = SimpleNamespace(message="Manifest M-000101 was already received on "
                                    "2026-12-01T23:29:48Z.", fields={})
    assert refusal(error, "America/New_York") == (
        "BioTrack refused it: Manifest M-000101 was already received on Dec 1, 2026, "
        "6:29 PM EST.")
    assert localize_instants("at 2026-07-01T12:00:00+00:00", "America/Los_Angeles") == \
        "at Jul 1, 2026, 5:00 AM PDT"
