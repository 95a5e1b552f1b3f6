"""``consolidate serve``: the intake app on waitress, a threaded WSGI server that runs on Windows too."""

from __future__ import annotations

from pathlib import Path

from consolidate.form import Form
from consolidate.read import MAX_FILE_BYTES
from consolidate.web.app import MULTIPART_ROOM, create_app

THREADS = 8


def serve(form: Form, data: Path, host: str = "127.0.0.1", port: int = 8000, limit: int = MAX_FILE_BYTES) -> None:
    """Serve the intake until interrupted. Request bodies are bounded by waitress itself, before Flask sees them."""
    import signal
    import sys

    import waitress

    # Stopped by the system (a service manager, ``kill``): an orderly exit, so the check workers stop with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = create_app(form, data, limit)
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=THREADS,
        max_request_body_size=limit + MULTIPART_ROOM,
        ident="consolidate",
        clear_untrusted_proxy_headers=True,
    )
