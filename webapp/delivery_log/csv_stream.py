"""Streaming a CSV as it is read: batches of rows, constant memory, however many rows."""
import csv
import io
from collections.abc import Callable, Iterable, Iterator

BATCH = 1000


def csv_chunks(header: list[str], rows: Iterable, to_cells: Callable,
               batch: int = BATCH) -> Iterator[str]:
    """The header, then one chunk of text per `batch` rows (each row made cells by to_cells)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    pending = 0
    for row in rows:
        writer.writerow(to_cells(row))
        pending += 1
        if pending == batch:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            pending = 0
    yield out.getvalue()
