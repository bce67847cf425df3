"""The process that test_interrupted_upload.py kills: it imports a return workbook into the test
database it is pointed at, and stalls inside the import's transaction.

Run as ``python interrupted_upload_child.py WORKBOOK MARKER`` with DATABASE_URL and
LOCALGROWTH_VAR_DIR naming the test database, which exists already (nothing is migrated here).
Once the first ReturnSpend row has been saved inside the transaction, it writes MARKER (JSON:
the row counts it sees inside its transaction and, on PostgreSQL, its server process id) and
sleeps until it is killed. Not a test module: pytest collects only ``test_*.py``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

STALL_SECONDS = 600


def main() -> None:
    workbook, marker = Path(sys.argv[1]), Path(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgrowth.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models.signals import post_save

    from localgrowth.core.models import ImportRun
    from localgrowth.returns.importers import import_returns
    from localgrowth.returns.models import (
        Return,
        ReturnMilestone,
        ReturnOutput,
        ReturnRisk,
        ReturnSpend,
    )

    def stall(sender: Any, instance: ReturnSpend, **kwargs: Any) -> None:
        if not connection.in_atomic_block:
            sys.exit("the ReturnSpend row was saved outside a transaction")
        seen: dict[str, Any] = {
            model.__name__: model._base_manager.count()
            for model in (Return, ReturnSpend, ReturnOutput, ReturnMilestone, ReturnRisk)
        }
        seen["HistoricalReturn"] = Return.history.count()
        seen["HistoricalReturnSpend"] = ReturnSpend.history.count()
        seen["ImportRun"] = ImportRun.objects.count()
        seen["vendor"] = connection.vendor
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                seen["backend_pid"] = cursor.fetchone()[0]
        partial = marker.with_suffix(".partial")
        partial.write_text(json.dumps(seen))
        partial.replace(marker)  # the parent never reads a half-written marker
        time.sleep(STALL_SECONDS)
        sys.exit("the child was not killed while it stalled")

    # Connected here only: simple-history's own receivers were connected first, so the
    # ReturnSpend row's history row is saved too before the stall.
    post_save.connect(stall, sender=ReturnSpend, weak=False)
    import_returns(workbook)
    sys.exit("the import finished without saving a ReturnSpend row")


if __name__ == "__main__":
    main()
