"""The delivery log's CSV: any store name downloads, and no cell runs as a formula."""
import csv
import io
from urllib.parse import unquote

import pytest

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.csv_export import attachment, file_name, safe_cell
from webapp.extensions import db
from webapp.intake import recording


def _record(world, external_id):
    """A sale at Downtown by the clerk."""
    return recording.record(world.a.downtown, world.a.clerk, kind="sale", external_id=external_id,
                            data={"items": [{"barcode": "6001234560000001", "quantity": 1,
                                          "price": 1}]})


@pytest.mark.parametrize("name, readable", [
    ("Uptown 店", "uptown-店"), ("Joe’s", "joe-s"), ('The "Best" Shop', "the-best-shop"),
    ("Line\r\nSet-Cookie: x=1", "line-set-cookie-x=1"), ("Café Zoë", "café-zoë"),
])
def test_any_store_name_downloads(client, world, name, readable):
    """Non-latin-1 characters, quotes, CR/LF: 200, an ASCII filename and a UTF-8 filename*."""
    world.a.downtown.name = name
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    post(client, "/store", {"location_id": world.a.downtown.id})
    response = client.get("/reports.csv")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    disposition.encode("ascii")  # a header browsers and proxies all accept
    assert "\r" not in disposition and "\n" not in disposition
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.startswith("biotrack-deliveries") and fallback.endswith(".csv")
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"biotrack-deliveries-{readable}.csv"


def test_cells_never_start_a_formula(client, world):
    """=, +, - and @ at the start of a cell are neutralised with a leading quote."""
    for external_id in ("=HYPERLINK(\"http://evil.example\")", "+1+2", "-3", "@SUM(A1)", "S-9"):
        _record(world, external_id)
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    rows = list(csv.reader(io.StringIO(client.get("/reports.csv").get_data(as_text=True))))
    ids = {row[2] for row in rows[1:]}
    assert ids == {"'=HYPERLINK(\"http://evil.example\")", "'+1+2", "'-3", "'@SUM(A1)", "S-9"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_safe_cell_leaves_numbers_and_plain_text():
    """Only text that would be read as a formula changes."""
    assert safe_cell(-3) == -3 and safe_cell("Downtown") == "Downtown" and safe_cell("") == ""
    assert safe_cell("\t=1") == "'\t=1"


def test_a_name_with_nothing_ascii_still_has_a_fallback():
    """The plain filename never comes out empty."""
    header = attachment(file_name("店"))
    assert 'filename="download.csv"' in header and "filename*=UTF-8''%E5%BA%97.csv" in header
