"""Hosting in one place: the Content-Security-Policy and the ``_headers`` model.

``policy`` writes the policy text, hashes inline scripts and styles, and places the
``<meta>`` tag; ``headers`` writes, parses and merges ``_headers`` files and turns them
into nginx configuration; ``site`` applies both to a built site (any generator);
``plugin`` is the MkDocs adapter. The static server and the versioned build use
``headers`` rather than reading ``_headers`` themselves.
"""
