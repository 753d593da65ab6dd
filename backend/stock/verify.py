"""Replaying the ledger: every copy's stored holder must equal where its movements, in order, put it.

Checked in the database, in a few set-based queries (fast on a million copies):
1. each copy's first movement starts from nowhere, and each later one starts where the previous one ended;
2. each copy's stored holder equals where its last movement ended;
3. every copy has at least one movement;
4. every open loan is the holder of its copy, and every copy on loan is held by an open loan.
"""

import time
from dataclasses import dataclass, field

from django.db import connection

_ENDS = ("status", "library_id", "vehicle_id", "loan_id")

_CHAIN_SQL = f"""
WITH m AS (
    SELECT id, copy_id, {", ".join(f"from_{c}" for c in _ENDS)},
           {", ".join(f"LAG(to_{c}) OVER w AS prev_{c}" for c in _ENDS)},
           ROW_NUMBER() OVER w AS n
    FROM stock_movement
    WINDOW w AS (PARTITION BY copy_id ORDER BY id)
)
SELECT m.id, m.copy_id, c.barcode FROM m JOIN catalogue_copy c ON c.id = m.copy_id
WHERE (m.n = 1 AND m.from_status IS NOT NULL)
   OR (m.n > 1 AND ({" OR ".join(f"m.from_{c} IS DISTINCT FROM m.prev_{c}" for c in _ENDS)}))
ORDER BY m.id
"""

_STORED_SQL = f"""
SELECT c.id, c.barcode FROM catalogue_copy c
JOIN (SELECT copy_id, MAX(id) AS last_id FROM stock_movement GROUP BY copy_id) l ON l.copy_id = c.id
JOIN stock_movement m ON m.id = l.last_id
WHERE {" OR ".join(f"c.{'status' if x == 'status' else 'holder_' + x} IS DISTINCT FROM m.to_{x}" for x in _ENDS)}
ORDER BY c.id
"""

_NO_MOVEMENT_SQL = """
SELECT c.id, c.barcode FROM catalogue_copy c
WHERE NOT EXISTS (SELECT 1 FROM stock_movement m WHERE m.copy_id = c.id) ORDER BY c.id
"""

_LOAN_SQL = """
SELECT c.id, c.barcode FROM catalogue_copy c LEFT JOIN stock_loan l ON l.id = c.holder_loan_id
WHERE c.holder_loan_id IS NOT NULL AND (l.returned_at IS NOT NULL OR l.copy_id <> c.id)
UNION
SELECT c.id, c.barcode FROM stock_loan l JOIN catalogue_copy c ON c.id = l.copy_id
WHERE l.returned_at IS NULL AND c.holder_loan_id IS DISTINCT FROM l.id
ORDER BY 1
"""


@dataclass
class Mismatch:
    check: str
    copy_id: int
    barcode: str
    movement_id: int | None = None

    def __str__(self):
        where = f" (movement #{self.movement_id})" if self.movement_id else ""
        return f"{self.check}: copy {self.barcode} [#{self.copy_id}]{where}"


@dataclass
class LedgerReport:
    copies: int
    movements: int
    seconds: float
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    @property
    def movements_per_second(self) -> float:
        return self.movements / self.seconds if self.seconds else float("inf")


def ledger_verify(*, limit: int = 1000) -> LedgerReport:
    """Replay the whole ledger and report up to ``limit`` mismatches per check."""
    started = time.perf_counter()
    mismatches = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM catalogue_copy")
        copies = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM stock_movement")
        movements = cursor.fetchone()[0]
        cursor.execute(f"{_CHAIN_SQL} LIMIT %s", [limit])
        mismatches += [Mismatch("broken_chain", copy_id, barcode, mid) for mid, copy_id, barcode in cursor.fetchall()]
        for check, sql in (("stored_holder", _STORED_SQL), ("no_movement", _NO_MOVEMENT_SQL), ("loan", _LOAN_SQL)):
            cursor.execute(f"{sql} LIMIT %s", [limit])
            mismatches += [Mismatch(check, copy_id, barcode) for copy_id, barcode in cursor.fetchall()]
    return LedgerReport(copies, movements, time.perf_counter() - started, mismatches)
