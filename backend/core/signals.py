"""Signals every app may send.

``records_changed``: rows were written in bulk (``bulk_create``, ``bulk_update``, ``QuerySet.update``), which sends
no ``post_save``. ``sender`` is the model, ``pks`` the rows' primary keys. Send it after the write, and before it too
when the write moves a row to another date (a loan's due date), so that both days are counted again. The reports'
daily figures listen (``backend.reports.receivers``).
"""

from django.dispatch import Signal

records_changed = Signal()
