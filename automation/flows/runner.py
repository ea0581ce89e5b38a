"""What every flow shares: settings, target, embedded mock, browser, recorder, exit code.

`run_flow` runs a flow's steps over its checked request and turns them into a `RunResult`;
it always leaves a bundle, whatever went wrong: bad settings or a request that fails its
check are recorded as a failed run with no steps.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from automation.audit.recorder import Recorder
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
from automation.errors import AliexitError, BlockedError, ExitCode, UsageError, first_line
from automation.flows.context import (
    Check,
    FlowContext,
    FlowResult,
    FlowSteps,
    R,
    RunOptions,
    RunResult,
    V,
)
from automation.flows.language import browser_locale, check_locale
from automation.log import redactor
from automation.pages.words import DEFAULT_VOCABULARY, Vocabulary
from automation.retrying import RetryPolicy
from automation.session_file import read_storage_state, secret_values
from automation.words_file import load_words_file

if TYPE_CHECKING:  # cryptography loads only when a bundle is signed
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _target_label(base_url: str | None, live: bool) -> str:
    if base_url is None:
        return "embedded mock site"
    return "live site" if live else "mock site"


def _recorder(
    options: RunOptions,
    audit_dir: Path,
    key: Ed25519PrivateKey | None,
    action: str,
    choices: dict[str, Any],
) -> Recorder:
    """The run's recorder, its bundle made in `audit_dir`; `choices` are the request's."""
    return Recorder(
        audit_dir,
        flow=options.flow,
        scrub=redactor.scrub,
        signing_key=key,
        metadata={
            "target": options.base_url,
            "target_kind": _target_label(options.base_url, options.live),
            "dry_run": False,
            "account": None,
            "action": action,
            **choices,
        },
    )


async def run_flow(
    options: RunOptions,
    request: R,
    check: Check[R, V],
    steps: FlowSteps[V],
    *,
    action: str,
    downloads: bool = False,
) -> RunResult:
    """Run one flow end to end and record it; raises only the `UsageError` of an audit
    folder that cannot be made (there is no bundle to record it in).

    `request` holds the flow's own choices (recorded from the start); `check` checks them
    against the settings before any browser starts, and what it records goes in the
    manifest; `steps` then run with the checked request as `run.request`. `action` names
    what the run does in a reviewer's words (the report's headline); `downloads` lets the
    browser save a file the flow asks the site for.
    """
    choices = request.evidence()
    env_error: UsageError | None = None
    try:
        env = merged_environment(options.env_file, os_environ())
    except UsageError as exc:
        env_error, env = exc, os_environ()
    redactor.clear()
    key, key_error = _signing_key(options.key_file, env)
    audit_dir = audit_dir_from(options.audit_dir, env)
    try:
        recorder = _recorder(options, audit_dir, key, action, choices)
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
            credentials_optional=options.session is not None or options.credentials_optional,
        )
        if options.credentials_optional and not settings.has_credentials:
            options = replace(options, headed=True)  # a person signs in: that needs the window
        if options.video:
            find_ffmpeg()  # before any browser starts
        checked = check(request, settings)
        recorder.update(**checked.evidence)
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
            dry_run=choices.get("dry_run", False),
            account=mask_account(settings.login) if settings.login else None,
        )
        result = await _with_browser(
            options,
            settings,
            target.base_url,
            recorder,
            checked.request,
            steps,
            downloads=downloads,
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
    request: V,
    steps: FlowSteps[V],
    *,
    downloads: bool = False,
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
                downloads=downloads,
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
                request,
                recorder,
                signed_in,
                human_timeout_s,
                retry or RetryPolicy(),
                vocabulary,
            )
            try:
                return await steps(run)
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
