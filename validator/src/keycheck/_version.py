"""The distribution's version, kept in one place (validator/pyproject.toml reads it)."""

__version__ = "1.0.0"
