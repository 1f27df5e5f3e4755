"""Keeps the support links of the site alive: the anchor registry and its build check."""
