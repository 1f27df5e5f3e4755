"""The site's own build steps around any generator (MkDocs or Zensical).

The steps live with their owners (``site_plugins/{illustrations,anchors,checker,hosting}``
and ``site_plugins/exchanges.py``) as plain functions. Under MkDocs, thin plugin
adapters call them from MkDocs events (so ``mkdocs serve`` live reload keeps working).
Zensical runs no custom plugin, so :mod:`site_plugins.pipeline.zensical` calls the same
steps around ``zensical build``: prepare before it, post-process the written HTML after.

    python -m site_plugins.pipeline build --generator zensical --site-dir site
"""
