"""Reports keep no tables of their own: every figure is aggregated in the database from the records of the
planning, crew and stock apps when it is asked for."""
