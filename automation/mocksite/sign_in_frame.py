"""The sign-in form inside a same-origin ``<iframe>`` (variants with ``sign_in="iframe"``).

``/login`` then shows an iframe of ``/login/frame``, whose form posts to ``/login/frame``
with the same fields, CSRF token and checks as ``/login``. A refused sign-in is answered in
the frame; a successful one sets the session cookie and answers with a page that sends the
top window (``window.top``) where the sign-in goes next: ``next``, home, or the persona's
challenge page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from werkzeug.wrappers import Response

from .web import attempt_sign_in, safe_next

sign_in_frame = Blueprint("sign_in_frame", __name__)


@sign_in_frame.route("/login/frame", methods=["GET", "POST"])
def frame() -> Any:
    """The framed sign-in form; on success, a page that navigates the top window on."""
    next_path = safe_next(request.values.get("next"))
    page = {"template_name_or_list": "login_frame.html", "next_path": next_path}
    if request.method == "GET":
        return render_template(**page, login_value="", error=None)
    attempt = attempt_sign_in(next_path)
    if isinstance(attempt, Response):
        return render_template("login_frame_done.html", target=attempt.location)
    refused = render_template(
        **page, login_value=attempt.login_value, error=attempt.error, error_field=attempt.field
    )
    return refused, attempt.code
