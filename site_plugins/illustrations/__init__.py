"""Illustrations rendered from code: the guide's "screenshots", light and dark, 1x and 2x.

Layout (per illustrations folder, e.g. ``docs/htx/illustrations/``)::

    scenes/<name>.html         the scene, drawn at 800x500 CSS px: only what is its own,
                               in the blocks of the layout it extends (Jinja)
    scenes/_<layout>.html      partials, not scenes: the exchange's own pages (an HTX
                               page, HTX's account pages...), extending the shared chrome
    scenes/scene.css           the exchange's colours (optional), after the shared base
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

The chrome every exchange shares is in ``chrome/`` here, once: the browser window
(``_window.html``, inlining ``_base.css``, the base stylesheet: system fonts, no
hosts) and the trading platform's pages (``_platform*.html``). A scene is known by its
key, ``htx/illustrations/step-2``, so exchanges may reuse scene names.

Modules: ``scenes`` (find and compose scenes, read markers, digest; the layout rules),
``render`` (Chromium, WebP), ``manifest`` (the committed record), ``sources`` (override
or scene per slot), ``html`` (the figure rewrite) and ``plugin`` (the MkDocs adapter,
options in ``config``).

Maintainers: ``python -m site_plugins.illustrations render [--force] [NAME ...]``
re-renders stale scenes (all named ones with ``--force``; a NAME is ``htx/step-2``, or
``step-2`` for every exchange's); ``... check`` exits 1 and
names every stale scene without rendering anything; ``... html NAME`` prints a scene
composed into its layouts, to open in a browser while editing it. The build re-renders
stale scenes itself when Chromium is available (``render: true``), and fails on a stale
scene it cannot render unless ``stale: warn``.
"""
