"""Site-wide views: the error pages, which keep the layout and the menu."""

from __future__ import annotations

import logging
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from sentra.core.middleware import failure_response

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 with the layout. The menu needs the user; if even that fails (the database is
    the reason for the error), the page shows the public menu. A machine failure raised
    outside a view (a session read on a locked database) becomes the 503 page instead."""
    exc = sys.exc_info()[1]
    if exc is not None:
        failure = failure_response(exc)
        if failure is not None:
            return failure
    try:
        html = render_to_string("500.html", request=request)
    except Exception:  # the page must render whatever broke; the cause is already logged
        logger.warning("500 page rendered without the request context", exc_info=True)
        html = render_to_string("500.html")
    return HttpResponseServerError(html)
