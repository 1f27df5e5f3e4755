"""The in-browser key checker: bundles Pyodide and the validator wheel, renders the widget,
and writes the site's Content-Security-Policy (meta tags and ``_headers``)."""
