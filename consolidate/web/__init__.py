"""The intake web page: the second face of the core, beside ``cli.py``.

What lives here: the Flask app (``app.py``: one view per page, each HTML page with a JSON twin through
``Accept: application/json``), its Jinja templates and static CSS/JS (no inline script, nothing from the
internet), and the waitress server ``consolidate serve`` runs (``server.py``).

What it may import: Flask, Werkzeug, Jinja2 and waitress (only this package may, see the ruff banned-import
rule), and the core — above all ``consolidate.intake``, which does everything the pages do. No checking,
merging or storing logic lives here.
"""
