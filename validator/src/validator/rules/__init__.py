"""The checks, one module per input concern; :mod:`validator.engine` runs them in order."""
