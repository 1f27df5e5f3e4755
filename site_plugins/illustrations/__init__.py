"""Illustrations rendered from code: the guide's "screenshots", light and dark, 1x and 2x.

Layout (per illustrations folder, e.g. ``docs/htx/illustrations/``)::

    scenes/<name>.html         the scene: small HTML/CSS page drawn at 800x500 CSS px
    scenes/scene.css           the scenes' shared stylesheet (system fonts, no hosts)
    <name>.light.webp          rendered, light palette, 1x    } written by the renderer,
    <name>.light@2x.webp       rendered, light palette, 2x    } committed with the
    <name>.dark.webp           rendered, dark palette, 1x     } manifest
    <name>.dark@2x.webp        rendered, dark palette, 2x     }
    <name>.png                 light 1x as PNG: the file the page's Markdown names, so
                               any other generator (or no plugin) still shows it
    manifest.json              scene digests -> images, with sizes and hashes
    <name>.screenshot.png      optional real screenshot that replaces the scene; also
                               <name>.screenshot@2x.png, <name>.screenshot.dark.png,
                               <name>.screenshot.dark@2x.png (or .webp), see sources.py

Modules: ``scenes`` (find scenes, read markers, digest), ``render`` (Chromium, WebP),
``manifest`` (the committed record), ``sources`` (override or scene per slot), ``html``
(the figure rewrite) and ``plugin`` (the MkDocs adapter, options in ``config``).

Maintainers: ``python -m site_plugins.illustrations render [--force] [NAME ...]``
re-renders stale scenes (all named ones with ``--force``); ``... check`` exits 1 and
names every stale scene without rendering anything. The build re-renders stale scenes
itself when Chromium is available (``render: true``), and fails on a stale scene it
cannot render unless ``stale: warn``.
"""
