"""Nothing to administer: reports have no tables of their own."""
