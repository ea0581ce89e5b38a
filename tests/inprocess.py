"""`aliexit` command lines run inside the test process, over one Chromium per worker.

Starting a Python and a Chromium for each of the suite's runs costs seconds apiece; the
command line itself is the same code either way (`automation.cli.run_command`). A run gets
the environment, working folder and standard streams a process would get, one at a time,
on an event loop of its own in a background thread (so that sync and async tests alike can
wait on it). Tests of the process itself (signals, a terminal, `python -m`) start one.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from playwright.async_api import Browser, Playwright, async_playwright

from automation.browser import launch, lend_browser
from automation.cli import run_command


class InProcessAliexit:
    """Runs command lines in this process, lending them one browser."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._lock = threading.Lock()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._label = ""

    def run(
        self, cwd: Path, args: list[str], env: Mapping[str, str], timeout: float
    ) -> tuple[int, str, str]:
        """Exit code, stdout and stderr of `aliexit ARGS` in `cwd` with exactly `env`."""
        out, err = io.StringIO(), io.StringIO()
        with self._lock, _process_state(cwd, env, out, err):
            future = asyncio.run_coroutine_threadsafe(self._run(args), self._loop)
            try:
                code = future.result(timeout)
            except FutureTimeout:
                future.cancel()
                raise TimeoutError(f"aliexit {' '.join(args)} ran over {timeout:g} s") from None
        return code, out.getvalue(), err.getvalue()

    async def _run(self, args: list[str]) -> int:
        browser, label = await self._shared_browser()
        with lend_browser(browser, label):
            try:
                return await run_command(args)
            except SystemExit as exc:  # argparse: --help, or flags it refuses
                return exc.code if isinstance(exc.code, int) else 2

    async def _shared_browser(self) -> tuple[Browser, str]:
        if self._browser is None or not self._browser.is_connected():
            if self._playwright is None:
                self._playwright = await async_playwright().start()
            self._browser, label = await launch(self._playwright, headed=False)
            self._label = f"{label}, version {self._browser.version}"
        return self._browser, self._label

    def close(self) -> None:
        async def stop() -> None:
            if self._browser is not None:
                await self._browser.close()
            if self._playwright is not None:
                await self._playwright.stop()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@contextlib.contextmanager
def _process_state(
    cwd: Path, env: Mapping[str, str], out: io.StringIO, err: io.StringIO
) -> Iterator[None]:
    """What a new process would have: `env` as the environment, `cwd`, no terminal."""
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
