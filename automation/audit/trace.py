"""An optional Playwright trace of a run, started after sign-in and scrubbed of secrets."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from playwright.async_api import BrowserContext
from playwright.async_api import Error as PlaywrightError

from automation.audit.recorder import Recorder
from automation.errors import first_line
from automation.log import get_logger

MIN_SECRET_LENGTH = 8  # shorter cookie values are flags, not credentials


def scrub_zip(data: bytes, secrets: Iterable[str]) -> bytes:
    """Rewrite a zip with every secret (raw or URL-encoded) replaced by `***` in every member."""
    needles = sorted(
        {form.encode() for s in secrets if s for form in (s, quote(s, safe=""))},
        key=len,
        reverse=True,
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            for needle in needles:
                content = content.replace(needle, b"***")
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


class Tracer:
    """Records a trace from `start()` (after sign-in) to `finish()`, into the bundle."""

    def __init__(self, context: BrowserContext, recorder: Recorder, secrets: list[str]) -> None:
        self._context = context
        self._recorder = recorder
        self._secrets = secrets
        self._started = False

    async def start(self) -> None:
        """Begin tracing; the sign-in pages before this are never in the trace."""
        if not self._started:
            await self._context.tracing.start(screenshots=True, snapshots=True)
            self._started = True

    async def finish(self) -> None:
        """Stop, scrub passwords and cookie values, and add `trace.zip` to the bundle."""
        if not self._started:
            return
        try:
            cookies = [c["value"] for c in await self._context.cookies()]
            secrets = [*self._secrets, *(v for v in cookies if len(v) >= MIN_SECRET_LENGTH)]
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "trace.zip"
                await self._context.tracing.stop(path=path)
                data = scrub_zip(path.read_bytes(), secrets)
        except (PlaywrightError, OSError, zipfile.BadZipFile) as exc:
            # The run's outcome stands without its trace; nothing unscrubbed is kept.
            get_logger().warning("trace not saved", reason=first_line(exc))
            return
        self._recorder.attach("trace.zip", data)
