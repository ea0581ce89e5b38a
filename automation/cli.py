"""The `aliexit` command line: argument parsing, output and exit codes only."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from automation import __version__
from automation.errors import AliexitError, ExitCode, UsageError
from automation.log import configure_logging

if TYPE_CHECKING:
    from automation.flows.context import RunOptions, Submitting

EXIT_CODES = """exit codes:
  0  done: submitted, dry run complete, or already pending, deactivated or frozen
  1  unexpected internal error
  2  usage or configuration error
  3  blocked by a check before deactivation or store closure
  4  login failed
  5  the site did not look as expected (unreachable, element missing, unexpected page)
  6  human verification required (captcha, slider) and none was given"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aliexit",
        description="Close AliExpress accounts through the pages a person uses, "
        "keeping evidence of every step.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"aliexit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    deactivate = commands.add_parser(
        "deactivate",
        help="deactivate a buyer account (or rehearse it with --dry-run)",
        description="Sign in, open My AliExpress > Edit Member Profile > Deactivate Account, "
        "fill the form and submit it. Credentials come from ALIEXPRESS_LOGIN and "
        "ALIEXPRESS_PASSWORD (environment or env file), never from flags. Without "
        "--base-url the embedded mock site is started for the run.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_submitting(
        deactivate,
        dry_run="do every step except the final irreversible click",
        kinds="pending-orders, disputes, wallet",
        skip_export=True,
    )
    deactivate.add_argument(
        "--reason",
        metavar="TEXT",
        help="reason to choose, matched case-insensitively against the "
        'offered ones (default: "No longer using the platform")',
    )
    deactivate.add_argument(
        "--release-account",
        action="store_true",
        help='tick "Release my account at the same time" (data deleted '
        "for good, the email can be reused)",
    )
    _add_common(deactivate)

    delete = commands.add_parser(
        "delete",
        help="delete a buyer account through the privacy portal (or rehearse it with --dry-run)",
        description="Sign in, run the same checks as deactivate (order history, disputes, "
        "wallet, coupons), then follow the site's privacy link to its privacy portal, press "
        '"Delete my account", type "agree" and press "Delete". Deletion is final: unlike a '
        "deactivation, the account's data is not kept. The portal is trusted only because the "
        "signed-in site links it, and no credential is ever typed there. Credentials come "
        "from ALIEXPRESS_LOGIN and ALIEXPRESS_PASSWORD (environment or env file), never from "
        "flags. Without --base-url the embedded mock site is started for the run.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_submitting(
        delete,
        dry_run='every step up to, and not including, pressing "Delete": "agree" is typed and '
        "the button proven enabled; nothing is deleted",
        kinds="pending-orders, disputes, wallet",
        skip_export=True,
    )
    delete.add_argument(
        "--download-data",
        action="store_true",
        help="first request the portal's copy of the account's data, wait for it and keep it "
        "in the bundle (its orders are compared with the order history read from My Orders)",
    )
    delete.add_argument(
        "--data-timeout",
        type=_seconds,
        default=300.0,
        metavar="SECONDS",
        help="with --download-data: how long to wait for the copy (default 300); not ready in "
        "time: exit 5, nothing deleted",
    )
    _add_common(delete)

    close_store = commands.add_parser(
        "close-store",
        help="close a seller's store through the exit service (or rehearse it with --dry-run)",
        description="Sign in, open Seller Center > Store Management > Exit service, read every "
        "check of the self-inspection and its items, keep a copy (JSON + CSV in the bundle), "
        "then fill and submit the exit service application; the store is frozen at once. "
        "Credentials come from ALIEXPRESS_LOGIN and ALIEXPRESS_PASSWORD (environment or env "
        "file), never from flags. Without --base-url the embedded mock site is started.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_submitting(
        close_store,
        dry_run='every step except pressing "Submit application"; without a statement a '
        "placeholder is typed (never submitted)",
        kinds="orders, fines, violations, returns, inventory, funds",
    )
    close_store.add_argument(
        "--reason",
        metavar="TEXT",
        help='"Reason for closing", matched case-insensitively against the offered ones '
        '(default: "Other")',
    )
    statement = close_store.add_argument_group(
        "closing statement (one of, required for a real run)"
    )
    statement.add_argument(
        "--statement", metavar="TEXT", help="the written application (at least 20 characters)"
    )
    statement.add_argument(
        "--statement-file",
        type=Path,
        metavar="PATH",
        help="read the written application from this UTF-8 text file",
    )
    close_store.add_argument(
        "--contact-email",
        metavar="EMAIL",
        help="the application's contact email (default: ALIEXPRESS_LOGIN when it is an email)",
    )
    _add_common(close_store)

    export = commands.add_parser(
        "export",
        help="save the whole order history (orders.json and orders.csv), nothing else",
        description="Sign in, open My Orders and read every page into DIR/orders.json "
        "(complete, typed) and DIR/orders.csv (one row per order line, UTF-8); the count is "
        "checked against the total the site states. The files also go into the bundle.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for orders.json and orders.csv",
    )
    _add_common(export)

    login = commands.add_parser(
        "login",
        help="sign in once and save the browser session for later runs (--session)",
        description="Open the site and sign in: automatically when ALIEXPRESS_LOGIN and "
        "ALIEXPRESS_PASSWORD are set (checks after the password handled as in every flow), "
        "else in a browser window where you sign in yourself. Then save the browser's "
        "storage state (cookies) to PATH with mode 600; later runs take it with "
        "--session PATH and skip the password while the site keeps it signed in.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    login.add_argument(
        "--save-session",
        type=Path,
        required=True,
        metavar="PATH",
        help="where to write the session (a secret: mode 600; keep it like a password)",
    )
    _add_common(login, session=False)

    mock = commands.add_parser(
        "mock-site",
        help="serve the mock AliExpress for a browser, a demo or a dry run",
        description="Serve the mock AliExpress (personas from fixtures/accounts.json) "
        "until Ctrl-C.",
    )
    mock.add_argument("--host", default="127.0.0.1", help="address to listen on")
    mock.add_argument("--port", type=int, default=8000, help="port to listen on (0: any free)")
    mock.add_argument(
        "--variant",
        metavar="NAME",
        help="serve every page in this variant: standard, select-dialog, listbox-late, "
        "listbox-dialog, no-deactivate-control, or one with other words: reworded, numbered, "
        "stepwise (default: each persona's own)",
    )
    mock.add_argument(
        "--latency-ms", type=_whole, default=0, metavar="N", help="delay every page by N ms"
    )
    mock.add_argument(
        "--jitter-ms", type=_whole, default=0, metavar="N", help="plus a random 0..N ms"
    )
    mock.add_argument(
        "--error-rate",
        type=_rate,
        default=0.0,
        metavar="R",
        help="answer this share of page requests (0..1) with a 500, 502 or 503",
    )
    mock.add_argument(
        "--drop-rate",
        type=_rate,
        default=0.0,
        metavar="R",
        help="drop the connection of this share of page requests (0..1), with no answer",
    )
    mock.add_argument(
        "--seed", type=int, default=None, metavar="S", help="seed the faults (reproducible)"
    )

    words = commands.add_parser(
        "words",
        help="list the concepts aliexit looks for and their wordings (for --words FILE)",
        description="Print every concept aliexit looks for on the site, what it is, and the "
        "wordings it knows in LANG. Add wordings without touching code with a TOML file "
        "passed as --words FILE: one table per language ([en], [es], …) mapping concept "
        'names to lists of wordings, e.g. submit_deactivation = ["Deactivate now"].',
    )
    words.add_argument(
        "--lang", default="en", metavar="LANG", help="language: en, es, fr, ru, pt (default en)"
    )
    words.add_argument(
        "--words", type=Path, metavar="FILE", help="also show the wordings this file adds"
    )

    audit = commands.add_parser("audit", help="work with audit bundles")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser(
        "verify",
        help="check that a bundle is complete and unedited",
        description="Check RUN_DIR's hash chain (journal.jsonl), every file against its "
        "SHA-256, manifest.json against the journal, and with a key the signature. Exit 0: "
        "intact (a run that was cut off is reported as an intact partial run); exit 1: "
        "names the first thing changed, removed, added or reordered; exit 2: not a bundle.",
    )
    verify.add_argument("run_dir", metavar="RUN_DIR", type=Path)
    verify.add_argument(
        "--key-file",
        type=Path,
        metavar="PATH",
        help="public key (or private key) to check the signature with "
        "(default: ALIEXIT_AUDIT_KEY_FILE when set, in the environment or the env file)",
    )
    verify.add_argument(
        "--env-file", metavar="PATH", type=Path, help="settings file (default: ./.env when present)"
    )
    keygen = audit_commands.add_parser(
        "keygen",
        help="make an Ed25519 key pair for signing bundles",
        description="Write a private key (mode 600) and PATH.pub. Point ALIEXIT_AUDIT_KEY_FILE "
        "(or --key-file) at the private key to sign every bundle; give the .pub to reviewers.",
    )
    keygen.add_argument(
        "--out",
        type=Path,
        default=Path("audit.key"),
        metavar="PATH",
        help="where to write the private key (default: ./audit.key)",
    )
    return parser


def _whole(text: str) -> int:
    """A whole number of 0 or more, for argparse."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return int(text)


def _seconds(text: str) -> float:
    """A positive number of seconds, for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def _rate(text: str) -> float:
    """A share between 0 and 1, for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share between 0 and 1 (e.g. 0.2)")
    return value


def _add_submitting(
    command: argparse.ArgumentParser, *, dry_run: str, kinds: str, skip_export: bool = False
) -> None:
    """The flags of every command that submits something irreversible; `dry_run` says
    what --dry-run does, `kinds` lists the blocker kinds, `skip_export` adds --skip-export."""
    command.add_argument("--dry-run", action="store_true", help=dry_run)
    command.add_argument(
        "--ignore-blocker",
        action="append",
        default=[],
        metavar="KIND",
        help=f"go on despite this kind of blocker ({kinds}); repeatable; recorded as an override",
    )
    if skip_export:
        command.add_argument(
            "--skip-export",
            action="store_true",
            help="go on without reading My Orders (when aliexit cannot read the list): no "
            "copy of the order history is kept and unfinished orders are not checked; recorded",
        )
    command.add_argument(
        "--yes",
        action="store_true",
        help="with --live and no --dry-run: skip typing the member ID to confirm (recorded)",
    )
    command.add_argument(
        "--trace",
        action="store_true",
        help="also record a Playwright trace (trace.zip) of the steps after sign-in, "
        "with passwords and cookie values scrubbed",
    )
    command.add_argument(
        "--video",
        action="store_true",
        help="also record a video (video.webm) of the steps after sign-in; needs ffmpeg",
    )


def _add_common(command: argparse.ArgumentParser, *, session: bool = True) -> None:
    if session:
        command.add_argument(
            "--session",
            type=Path,
            metavar="PATH",
            help="start from a session saved by `aliexit login --save-session PATH`; the "
            "password is not typed while it holds (ALIEXPRESS_PASSWORD then optional)",
        )
    command.add_argument(
        "--human-timeout",
        metavar="SECONDS",
        help="with --headed: how long to wait for a person to complete a check (slider) or "
        "sign in in the window (default: 300)",
    )
    command.add_argument(
        "--base-url", metavar="URL", help="site to act on (default: the embedded mock site)"
    )
    command.add_argument(
        "--live", action="store_true", help="allow a non-loopback --base-url (the real site)"
    )
    command.add_argument(
        "--audit-dir",
        metavar="DIR",
        help="where run bundles go (default: ALIEXIT_AUDIT_DIR or ./audit)",
    )
    command.add_argument(
        "--env-file", metavar="PATH", type=Path, help="settings file (default: ./.env when present)"
    )
    command.add_argument("--headed", action="store_true", help="show the browser window")
    command.add_argument(
        "--locale",
        metavar="LANG",
        help="the browser's language and the site's words to expect: en, es, fr, ru, pt "
        "(or es-ES, pt-BR, …); default: detected from each page's lang",
    )
    command.add_argument(
        "--key-file",
        type=Path,
        metavar="PATH",
        help="sign the bundle with this private key (default: ALIEXIT_AUDIT_KEY_FILE when set)",
    )
    command.add_argument(
        "--words",
        type=Path,
        metavar="FILE",
        help="a TOML file of more wordings for the site's concepts ([en] "
        'submit_deactivation = ["Deactivate now"]); `aliexit words` lists the concepts',
    )
    command.add_argument(
        "--log-format",
        choices=("console", "json"),
        default=None,
        help="console lines or JSON lines on stderr (default: console in "
        "a terminal, JSON otherwise)",
    )


def _options(args: argparse.Namespace, flow: str) -> RunOptions:
    """The options every flow shares, from the flags of `_add_common` (and the evidence
    flags of `_add_submitting`)."""
    from automation.flows.context import RunOptions

    return RunOptions(
        flow=flow,
        base_url=args.base_url,
        live=args.live,
        headed=args.headed,
        audit_dir=args.audit_dir,
        env_file=args.env_file,
        key_file=args.key_file,
        trace=getattr(args, "trace", False),
        video=getattr(args, "video", False),
        locale=args.locale,
        session=getattr(args, "session", None),
        human_timeout=args.human_timeout,
        words_file=args.words,
    )


def _submitting(args: argparse.Namespace) -> Submitting:
    """The choices of `_add_submitting`'s flags."""
    from automation.flows.context import Submitting

    blockers = tuple(args.ignore_blocker)
    return Submitting(dry_run=args.dry_run, yes=args.yes, ignore_blockers=blockers)


async def _deactivate(args: argparse.Namespace) -> int:
    from automation.flows.deactivate import DeactivateRequest, run_deactivate

    request = DeactivateRequest(
        _submitting(args),
        skip_export=args.skip_export,
        reason=args.reason,
        release_account=args.release_account,
    )
    return _report(await run_deactivate(_options(args, "deactivate"), request))


async def _delete(args: argparse.Namespace) -> int:
    from automation.flows.delete import DeleteRequest, run_delete

    request = DeleteRequest(
        _submitting(args),
        skip_export=args.skip_export,
        download_data=args.download_data,
        data_timeout_s=args.data_timeout,
    )
    return _report(await run_delete(_options(args, "delete"), request))


async def _close_store(args: argparse.Namespace) -> int:
    from automation.flows.close_store import CloseStoreRequest, run_close_store

    request = CloseStoreRequest(
        _submitting(args),
        reason=args.reason,
        statement=args.statement,
        statement_file=args.statement_file,
        contact_email=args.contact_email,
    )
    return _report(await run_close_store(_options(args, "close-store"), request))


async def _export(args: argparse.Namespace) -> int:
    from automation.flows.export import ExportRequest, run_export

    return _report(await run_export(_options(args, "export"), ExportRequest(args.out)))


async def _login(args: argparse.Namespace) -> int:
    from automation.flows.login import LoginRequest, run_login

    return _report(await run_login(_options(args, "login"), LoginRequest(args.save_session)))


def _report(result) -> int:
    """Print the run's sentence and bundle; return its exit code."""
    out = sys.stdout if result.exit_code == ExitCode.OK else sys.stderr
    prefix = "" if result.exit_code == ExitCode.OK else "aliexit: "
    print(f"{prefix}{result.sentence}", file=out)
    print(f"Audit bundle: {result.bundle}", file=out)
    if (result.bundle / "report.html").is_file():
        print(f"Report: {result.bundle / 'report.html'}", file=out)
    return int(result.exit_code)


def _mock_site(args: argparse.Namespace) -> int:
    from automation.mocksite import MockServer, create_app
    from automation.mocksite.faults import FaultError, FaultSettings

    try:
        faults = FaultSettings(
            latency_ms=args.latency_ms,
            jitter_ms=args.jitter_ms,
            error_rate=args.error_rate,
            drop_rate=args.drop_rate,
            seed=args.seed,
        )
    except FaultError as exc:
        raise UsageError(f"Bad fault settings: {exc}; fix the mock-site flags.") from None
    try:
        app = create_app(variant=args.variant, fault_settings=faults)
    except ValueError as exc:
        raise UsageError(f"{exc}; rerun with --variant set to one of those.") from None
    server = MockServer(host=args.host, port=args.port, app=app).bind()
    print(f"Mock AliExpress at {server.url} (Ctrl-C stops it).", flush=True)
    if args.variant:
        print(f"Markup variant: {args.variant}.", flush=True)
    if faults.active:
        print(
            f"Injecting faults: latency {faults.latency_ms}+0..{faults.jitter_ms} ms, "
            f"error rate {faults.error_rate}, drop rate {faults.drop_rate}, seed {faults.seed}.",
            flush=True,
        )
    print("Demo account: ALIEXPRESS_LOGIN=demo.buyer@example.com (see .env.example).", flush=True)
    server.serve_forever()
    return 0


def _words(args: argparse.Namespace) -> int:
    from automation.flows.language import check_locale
    from automation.pages.words import Vocabulary
    from automation.pages.words.concepts import CONCEPTS, TEMPLATES
    from automation.words_file import load_words_file

    check_locale(args.lang)
    extra = load_words_file(args.words).additions if args.words else None
    words = Vocabulary(extra).words(args.lang)
    print(f"Concepts and their wordings in {words.lang} (tried in this order, any case):")
    for concept, what in CONCEPTS.items():
        kind = " (sentence shape)" if concept in TEMPLATES else ""
        print(f"  {concept}: {what}{kind}")
        print("      " + " | ".join(words[concept]))
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from automation.audit.verify import verify_bundle
    from automation.config import merged_environment, os_environ

    env = merged_environment(args.env_file, os_environ())
    named = env.get("ALIEXIT_AUDIT_KEY_FILE")
    key_file = args.key_file or (Path(named) if named else None)
    verdict = verify_bundle(args.run_dir, key_file)
    if not verdict.intact:
        print(f"{args.run_dir}: NOT intact: {verdict.problem}.", file=sys.stderr)
        return 1
    kind = "intact partial run (cut off before it finished)" if verdict.partial else "intact"
    print(
        f"{args.run_dir}: {kind}: {verdict.steps} steps, outcome {verdict.outcome or 'none'}, "
        f"signature {verdict.signature}."
    )
    for note in verdict.notes:
        print(f"  note: {note}")
    return 0


def _audit_keygen(args: argparse.Namespace) -> int:
    from automation.audit.signing import generate_keys, key_id, load_public_key

    private, public = generate_keys(args.out)
    print(f"Private key: {private} (mode 600; keep it secret)")
    print(f"Public key:  {public} (key id {key_id(load_public_key(public))}; give it to reviewers)")
    print(f"Sign bundles with: export ALIEXIT_AUDIT_KEY_FILE={private}")
    return 0


FLOWS: dict[str, Callable[[argparse.Namespace], Awaitable[int]]] = {
    "deactivate": _deactivate,
    "delete": _delete,
    "export": _export,
    "login": _login,
    "close-store": _close_store,
}
TOOLS: dict[str, Callable[[argparse.Namespace], int]] = {
    "mock-site": _mock_site,
    "words": _words,
}


async def run_command(argv: Sequence[str] | None = None) -> int:
    """Run one `aliexit` command line to its exit code (argparse exits 2 on bad flags)."""
    args = _parser().parse_args(argv)
    configure_logging(getattr(args, "log_format", None) or "auto")
    try:
        if args.command in FLOWS:
            return await FLOWS[args.command](args)
        if args.command in TOOLS:
            return TOOLS[args.command](args)
        if args.audit_command == "keygen":
            return _audit_keygen(args)
        return _audit_verify(args)
    except AliexitError as exc:
        print(f"aliexit: {exc.sentence}", file=sys.stderr)
        return int(exc.exit_code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `aliexit` console script."""
    try:
        return asyncio.run(run_command(argv))
    except KeyboardInterrupt:
        print("aliexit: interrupted; the bundle records the steps done so far.", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
