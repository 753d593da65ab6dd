"""Applying the phone's events, by sub-domain: ``batch`` (what every kind is applied to), ``visits``, and the stock
events ``moves``, ``loans`` and ``condition`` with what they share in ``stock``. The table of kinds is
``backend.crew.kinds``."""
