"""An optional video of a run, recorded after sign-in: the sign-in screens are never in it.

Frames come from Chromium's screencast over the DevTools protocol (JPEG, sent when the
page changes); at the end they are laid on a steady timeline and encoded to WebM (VP8)
by `ffmpeg`, which must be on PATH (Debian: `apt-get install ffmpeg`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.async_api import CDPSession, Page
from playwright.async_api import Error as PlaywrightError

from automation.audit.recorder import Recorder
from automation.errors import UsageError, first_line
from automation.log import get_logger

FPS = 10
NO_FFMPEG = (
    "--video needs ffmpeg on PATH to encode the video; install it (apt-get install ffmpeg) "
    "or leave out --video."
)


def find_ffmpeg() -> str:
    """The ffmpeg executable, or a `UsageError` saying how to get one."""
    found = shutil.which("ffmpeg")
    if found is None:
        raise UsageError(NO_FFMPEG)
    return found


def encode_webm(ffmpeg: str, frames: list[tuple[float, bytes]], until: float) -> bytes:
    """Lay JPEG frames `(seconds, data)` on a steady FPS timeline and encode them to WebM."""
    start = frames[0][0]
    steady: list[bytes] = []
    current = 0
    ticks = max(1, round((until - start) * FPS))
    for tick in range(ticks + 1):
        moment = start + tick / FPS
        while current + 1 < len(frames) and frames[current + 1][0] <= moment:
            current += 1
        steady.append(frames[current][1])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "video.webm"  # a file, not a pipe: the WebM gets its duration
        done = subprocess.run(
            [ffmpeg, "-loglevel", "error", "-f", "image2pipe", "-framerate", str(FPS),
             "-c:v", "mjpeg", "-i", "pipe:0", "-an", "-c:v", "libvpx", "-b:v", "1M",
             "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p",
             "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-y", str(out)],
            input=b"".join(steady), capture_output=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"ffmpeg could not encode the video: {done.stderr.decode()[-300:]}")
        return out.read_bytes()


class VideoRecorder:
    """Screencasts one page from `start()` (after sign-in) to `finish()`, into the bundle."""

    def __init__(self, recorder: Recorder, ffmpeg: str) -> None:
        self._recorder = recorder
        self._ffmpeg = ffmpeg
        self._session: CDPSession | None = None
        self._frames: list[tuple[float, bytes]] = []
        self._acks: set[asyncio.Task[Any]] = set()

    async def start(self, page: Page) -> None:
        """Begin recording `page`."""
        if self._session is not None:
            return
        self._session = await page.context.new_cdp_session(page)
        self._session.on("Page.screencastFrame", self._on_frame)
        await self._session.send(
            "Page.startScreencast", {"format": "jpeg", "quality": 80, "everyNthFrame": 1}
        )

    def _on_frame(self, params: dict[str, Any]) -> None:
        self._frames.append((time.monotonic(), base64.b64decode(params["data"])))
        assert self._session is not None
        ack = asyncio.ensure_future(
            self._session.send("Page.screencastFrameAck", {"sessionId": params["sessionId"]})
        )
        self._acks.add(ack)
        ack.add_done_callback(self._acks.discard)

    async def finish(self) -> None:
        """Stop, encode and add `video.webm` to the bundle (nothing if no frame came)."""
        if self._session is None:
            return
        with contextlib.suppress(PlaywrightError):  # the page may be gone: keep what we have
            # The screencast sends frames lazily: take the final state explicitly.
            last = await self._session.send(
                "Page.captureScreenshot", {"format": "jpeg", "quality": 80}
            )
            self._frames.append((time.monotonic(), base64.b64decode(last["data"])))
            await self._session.send("Page.stopScreencast")
            await asyncio.gather(*self._acks, return_exceptions=True)
        if not self._frames:
            return
        try:
            data = await asyncio.to_thread(
                encode_webm, self._ffmpeg, self._frames, time.monotonic()
            )
        except (RuntimeError, OSError) as exc:  # the run's outcome stands without its video
            get_logger().warning("video not saved", reason=first_line(exc))
            return
        self._recorder.attach("video.webm", data)
