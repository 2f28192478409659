"""One rule against formula injection for every CSV and XLSX export (claims, batches, staff lists).

A text cell that a spreadsheet could read as a formula gets a leading apostrophe, so it is shown as the text it is:
cells starting with ``= + - @`` (the project's rule; ``| %`` too, as defusedcsv does), also after leading spaces or
line breaks (a spreadsheet that trims them would otherwise see the formula; defusedcsv misses that), and cells
starting with a tab or carriage return. Only strings are touched: numbers (an amount of -12.50 as a Decimal) stay
numbers.

Every export writes its cells through :func:`safe_cell`, for CSV through :func:`csv_writer`. The PostgreSQL COPY
path of the batch CSV spells the same rule in SQL with :data:`FORMULA_PATTERN`.
"""

from __future__ import annotations

import csv
import re

# The same pattern in Python's re and PostgreSQL's regular expressions (only plain escapes and brackets).
FORMULA_PATTERN = r"^(?:[\t\r]|[ \t\r\n]*[-=+@|%])"
_FORMULA = re.compile(FORMULA_PATTERN)


def safe_cell(value):
    """The value to write into a CSV or XLSX cell: a formula-like text gets a leading apostrophe; anything else
    (numbers, dates, None, ordinary text) is returned unchanged."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        return self._writer.writerows([safe_cell(value) for value in row] for row in rows)


def csv_writer(fileobj, **fmtparams) -> _SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`safe_cell`."""
    return _SafeWriter(csv.writer(fileobj, **fmtparams))


def excel_csv_writer(out) -> _SafeWriter:
    """A writer of CSV that Dutch Excel opens as it is (the staff lists): a byte-order mark first, so the accents
    survive, semicolons between the cells, and every cell through :func:`safe_cell`."""
    out.write("\ufeff")
    return csv_writer(out, delimiter=";")


def csv_attachment(filename: str):
    """An empty CSV download named ``filename``, to write into (an admin action's answer)."""
    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
