"""The checks, one module per input concern; :mod:`keycheck.engine` runs them in order."""
