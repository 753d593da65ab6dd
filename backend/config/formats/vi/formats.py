"""Vietnamese number formats Django's own locale leaves out: ``|intcomma`` groups thousands with a dot (1.234,5)."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
