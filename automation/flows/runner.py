"""What every flow shares: settings, target, embedded mock, browser, recorder, exit code.

`run_flow` turns a flow body into a `RunResult` and always leaves a bundle, whatever
went wrong: bad settings are recorded as a failed run with no steps.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from playwright.async_api import BrowserContext, Locator, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.audit.recorder import Recorder, StepHandle
from automation.audit.trace import Tracer
from automation.audit.video import VideoRecorder, find_ffmpeg
from automation.browser import new_context, open_browser
from automation.config import (
    DEFAULT_HUMAN_TIMEOUT_S,
    Settings,
    audit_dir_from,
    human_timeout_from,
    load_settings,
    mask_account,
    merged_environment,
    os_environ,
    resolve_target,
)
from automation.errors import (
    AliexitError,
    BlockedError,
    ExitCode,
    SiteUnexpected,
    UsageError,
    first_line,
)
from automation.flows.language import browser_locale, check_locale
from automation.flows.retry import MainFrameWatch, RetryPolicy, TransientFailure
from automation.log import redactor
from automation.pages.find import ConceptMissing, watch_wordings
from automation.pages.words import DEFAULT_VOCABULARY, Vocabulary
from automation.session_file import read_storage_state, secret_values
from automation.words_file import load_words_file

if TYPE_CHECKING:  # cryptography loads only when a bundle is signed
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass(frozen=True)
class RunOptions:
    """Command-line choices common to every flow."""

    flow: str
    base_url: str | None = None
    live: bool = False
    headed: bool = False
    dry_run: bool = False
    audit_dir: str | None = None
    env_file: Path | None = None
    reason: str | None = None
    key_file: Path | None = None
    trace: bool = False
    video: bool = False
    ignore_blockers: list[str] = field(default_factory=list)
    out_dir: Path | None = None
    yes: bool = False
    locale: str | None = None  # --locale: the browser's locale and the words to start with
    metadata: dict[str, Any] = field(default_factory=dict)
    session: Path | None = None  # --session: a saved storage state to start from
    human_timeout: str | None = None  # --human-timeout as typed; checked by run_flow
    # aliexit login: without credentials a person signs in, in a window run_flow then opens.
    credentials_optional: bool = False
    words_file: Path | None = None  # --words: more wordings for the site's concepts
    release_account: bool = False  # --release-account (deactivate)
    skip_export: bool = False  # --skip-export: go on without reading My Orders (recorded)
    download_data: bool = False  # --download-data (delete): the portal's copy first
    data_timeout_s: float = 300.0  # --data-timeout


@dataclass(frozen=True)
class FlowResult:
    """How a flow body ended when it did not raise."""

    outcome: str
    sentence: str


@dataclass(frozen=True)
class RunResult:
    """What the CLI reports: exit code, outcome, one sentence, and the bundle's folder."""

    exit_code: ExitCode
    outcome: str
    sentence: str
    bundle: Path


@dataclass(frozen=True)
class FlowContext:
    """What a flow body works with."""

    context: BrowserContext
    settings: Settings
    base_url: str
    options: RunOptions
    recorder: Recorder
    on_signed_in: Callable[[Page], Awaitable[None]] | None = None
    human_timeout_s: float = DEFAULT_HUMAN_TIMEOUT_S
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    vocabulary: Vocabulary = DEFAULT_VOCABULARY

    async def signed_in(self, page: Page) -> None:
        """Tell the run that sign-in is done: a trace or video, if asked for, starts here."""
        if self.on_signed_in is not None:
            await self.on_signed_in(page)


FlowBody = Callable[[FlowContext], Awaitable[FlowResult]]
T = TypeVar("T")


@asynccontextmanager
async def site_step(recorder: Recorder, name: str, page: Page) -> AsyncIterator[StepHandle]:
    """A recorded step in which a Playwright failure becomes a plain "site changed" sentence,
    a missing concept says in which step, and the wordings the page matched are noted."""
    async with recorder.step(name, page) as handle:
        try:
            with watch_wordings() as seen:
                try:
                    yield handle
                finally:
                    if seen:
                        handle.note(wordings=dict(seen))
        except ConceptMissing as exc:
            raise ConceptMissing(
                f"In step {name}, {exc.sentence[0].lower()}{exc.sentence[1:]}",
                exc.concepts,
                exc.offers,
            ) from exc
        except PlaywrightTimeoutError as exc:
            raise SiteUnexpected(
                f"In step {name}, the page did not show what was expected in time "
                f"({first_line(exc)}); the site may have changed or be slow: see the "
                "screenshot and page HTML in the bundle."
            ) from exc
        except PlaywrightError as exc:
            raise SiteUnexpected(
                f"In step {name}, the browser could not go on ({first_line(exc)}); "
                "see the screenshot and page HTML in the bundle."
            ) from exc


async def retried_step(
    run: FlowContext,
    name: str,
    page: Page,
    body: Callable[[StepHandle], Awaitable[T]],
    *,
    done: Locator | None = None,
) -> T:
    """A `site_step` for steps that only read or navigate: tried again on transient failures.

    `body` must be re-runnable from the URL the step started at: after a 5xx answer, a
    dropped connection or the browser's error page, the step waits (`run.retry` backoff),
    goes back to that URL and runs `body` again; each retry is logged ("retrying step") and
    noted on the step (`retries`). `done`, when given, is what the page shows once the step's
    goal is reached: if it shows on the way back, the step is over (returns None: give `done`
    only to a body whose result may be None). Never use this for a step that submits
    something irreversible.
    """
    policy, log = run.retry, run.recorder.log
    async with site_step(run.recorder, name, page) as handle:
        start_url, retries = page.url, []

        async def attempt(again: bool) -> T:
            if again and start_url.startswith(("http:", "https:")):  # not about:, chrome-error:
                await _go_back(page, start_url)
                if done is not None and await done.is_visible():
                    handle.note(resumed_at_goal=True)
                    return None  # type: ignore[return-value]  # see `done`
            return await body(handle)

        for number in range(1, policy.tries + 1):
            with MainFrameWatch(page) as watch:
                try:
                    return await watch.run(attempt(number > 1))
                except (TransientFailure, AliexitError, PlaywrightError) as exc:
                    reason = exc.reason if isinstance(exc, TransientFailure) else watch.seen(exc)
                    if reason is None:
                        raise
                    if number == policy.tries:
                        raise SiteUnexpected(
                            f"In step {name}, the site kept failing ({reason}) after "
                            f"{policy.tries} tries; it may be down or overloaded: try again "
                            "later."
                        ) from exc
            wait = policy.wait_s(number)
            retries.append({"attempt": number, "reason": reason, "wait_s": wait})
            handle.note(retries=retries)
            log.warning("retrying step", step=name, attempt=number, reason=reason, wait=wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


async def _go_back(page: Page, url: str, tries: int = 3) -> None:
    """Load `url` again after a failure; the browser may still be committing its error page
    (or resending the request by itself), which interrupts a navigation started too soon."""
    for attempt in range(1, tries + 1):
        try:
            await page.wait_for_load_state("domcontentloaded")
            await page.goto(url, wait_until="domcontentloaded")
            return
        except PlaywrightError as exc:
            if "interrupted by another navigation" not in str(exc) or attempt == tries:
                raise TransientFailure(f"could not go back ({first_line(exc)})") from exc


def _target_label(base_url: str | None, live: bool) -> str:
    if base_url is None:
        return "embedded mock site"
    return "live site" if live else "mock site"


def _recorder(
    options: RunOptions, audit_dir: Path, key: Ed25519PrivateKey | None, action: str
) -> Recorder:
    """The run's recorder, its bundle made in `audit_dir`."""
    return Recorder(
        audit_dir,
        flow=options.flow,
        scrub=redactor.scrub,
        signing_key=key,
        metadata={
            "target": options.base_url,
            "target_kind": _target_label(options.base_url, options.live),
            "dry_run": options.dry_run,
            "account": None,
            "action": action,
            **options.metadata,
        },
    )


async def run_flow(
    options: RunOptions,
    body: FlowBody,
    validate: Callable[[Settings], dict[str, Any] | None] | None = None,
    *,
    action: str,
) -> RunResult:
    """Run one flow end to end and record it; raises only the `UsageError` of an audit
    folder that cannot be made (there is no bundle to record it in).

    `action` names what the run does in a reviewer's words (the report's headline).
    `validate` checks the flow's own options against the settings before any browser
    starts; what it returns is recorded in the manifest.
    """
    env_error: UsageError | None = None
    try:
        env = merged_environment(options.env_file, os_environ())
    except UsageError as exc:
        env_error, env = exc, os_environ()
    redactor.clear()
    key, key_error = _signing_key(options.key_file, env)
    audit_dir = audit_dir_from(options.audit_dir, env)
    try:
        recorder = _recorder(options, audit_dir, key, action)
    except OSError as exc:
        raise UsageError(
            f"Cannot make the audit bundle in {audit_dir} "
            f"({exc.strerror or type(exc).__name__}); set --audit-dir or ALIEXIT_AUDIT_DIR to a "
            "folder you can write."
        ) from None
    log = recorder.log
    exit_code, outcome = ExitCode.OK, "failed"
    try:
        if env_error or key_error:
            raise env_error or key_error
        retry = RetryPolicy.from_env(env)
        target = resolve_target(options.base_url, options.live)
        words_file = load_words_file(options.words_file) if options.words_file else None
        vocabulary = Vocabulary(words_file.additions) if words_file else DEFAULT_VOCABULARY
        if words_file is not None:
            recorder.update(words_file=words_file.evidence())
        check_locale(options.locale)  # before any browser starts
        human_timeout_s = human_timeout_from(options.human_timeout)
        storage_state = read_storage_state(options.session) if options.session else None
        settings = load_settings(
            env,
            reason=options.reason,
            credentials_optional=options.session is not None or options.credentials_optional,
        )
        if options.credentials_optional and not settings.has_credentials:
            options = replace(options, headed=True)  # a person signs in: that needs the window
        if options.video:
            find_ffmpeg()  # before any browser starts
        if validate is not None:
            recorder.update(**(validate(settings) or {}))
        redactor.add(settings.password.reveal())
        redactor.add(settings.totp_secret.reveal())
        for value in secret_values(storage_state or {}):
            redactor.add(value)
        recorder.update(
            account=mask_account(settings.login) if settings.login else None,
            human_timeout_s=human_timeout_s,
            **({"session_file": str(options.session)} if options.session else {}),
        )
        log.info(
            "run started",
            flow=options.flow,
            dry_run=options.dry_run,
            account=mask_account(settings.login) if settings.login else None,
        )
        result = await _with_browser(
            options,
            settings,
            target.base_url,
            recorder,
            body,
            storage_state=storage_state,
            human_timeout_s=human_timeout_s,
            retry=retry,
            vocabulary=vocabulary,
        )
        outcome, sentence = result.outcome, result.sentence
    except AliexitError as exc:
        exit_code = exc.exit_code
        outcome = "blocked" if isinstance(exc, BlockedError) else "failed"
        sentence = redactor.scrub(exc.sentence)
    except Exception as exc:
        exit_code = ExitCode.INTERNAL
        sentence = redactor.scrub(
            f"aliexit stopped on an internal error ({type(exc).__name__}: {first_line(exc)}); "
            f"please report it with the bundle {recorder.dir}."
        )
        log.exception("internal error")
    except BaseException:  # Ctrl-C, or the run cancelled
        recorder.finish(
            "failed",
            exit_code=int(ExitCode.INTERRUPTED),
            error="The run was interrupted before it finished.",
        )
        raise
    level = log.info if exit_code == ExitCode.OK else log.error
    level("run finished", outcome=outcome, exit_code=int(exit_code), sentence=sentence)
    bundle = recorder.finish(
        outcome,
        exit_code=int(exit_code),
        result=sentence,
        **({"error": sentence} if exit_code != ExitCode.OK else {}),
    )
    return RunResult(exit_code, outcome, sentence, bundle)


async def _with_browser(
    options: RunOptions,
    settings: Settings,
    base_url: str | None,
    recorder: Recorder,
    body: FlowBody,
    *,
    storage_state: dict[str, Any] | None = None,
    human_timeout_s: float = DEFAULT_HUMAN_TIMEOUT_S,
    retry: RetryPolicy | None = None,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
) -> FlowResult:
    # The embedded mock starts in a thread while the browser launches.
    embedded = asyncio.create_task(asyncio.to_thread(_start_mock)) if base_url is None else None
    try:
        async with open_browser(
            headed=options.headed,
            explicit=settings.browser_path,
            ws_endpoint=settings.browser_ws_endpoint,
            cdp_url=settings.browser_cdp_url,
        ) as (browser, label):
            if embedded is not None:
                base_url = (await embedded).url
            assert base_url is not None
            recorder.update(target=base_url, browser=label)
            recorder.log.info("browser ready", browser=label, target=base_url)
            context = await new_context(
                browser,
                timeout_ms=settings.timeout_ms,
                locale=browser_locale(options.locale),
                storage_state=storage_state,
                downloads=options.download_data,
            )
            secrets = [settings.password.reveal(), settings.totp_secret.reveal()]
            tracer = Tracer(context, recorder, secrets)
            video = VideoRecorder(recorder, find_ffmpeg()) if options.video else None

            async def signed_in(page: Page) -> None:
                if options.trace:
                    await tracer.start()
                if video is not None:
                    await video.start(page)

            run = FlowContext(
                context,
                settings,
                base_url,
                options,
                recorder,
                signed_in,
                human_timeout_s,
                retry or RetryPolicy(),
                vocabulary,
            )
            try:
                return await body(run)
            finally:
                await tracer.finish()
                if video is not None:
                    await video.finish()
                with contextlib.suppress(PlaywrightError):  # a browser that went away
                    await context.close()  # ours only, on a shared or remote browser too
    finally:
        if embedded is not None:
            (await embedded).stop()


def _signing_key(
    flag: Path | None, env: dict[str, str]
) -> tuple[Ed25519PrivateKey | None, UsageError | None]:
    """The bundle signing key (flag, else ALIEXIT_AUDIT_KEY_FILE), or the error loading it."""
    path = flag or (
        Path(env["ALIEXIT_AUDIT_KEY_FILE"]) if env.get("ALIEXIT_AUDIT_KEY_FILE") else None
    )
    if path is None:
        return None, None
    try:
        from automation.audit.signing import load_private_key

        return load_private_key(path), None
    except UsageError as exc:
        return None, exc


def _start_mock():
    from automation.mocksite import MockServer

    return MockServer().start()
