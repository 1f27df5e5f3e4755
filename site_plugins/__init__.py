"""Build steps of the guides site, kept as plain Python with thin MkDocs adapters.

Each sub-package holds one job (anchors, checker bundling, illustrations, …): the heavy
work lives in ordinary modules that take paths and data, and a ``plugin.py`` only wires
them into MkDocs' events, so another generator could call the same functions.
"""
