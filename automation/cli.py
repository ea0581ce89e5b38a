"""The `aliexit` command line: argument parsing, output and exit codes only."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from automation import __version__
from automation.errors import AliexitError, ExitCode
from automation.log import configure_logging

EXIT_CODES = """exit codes:
  0  done: submitted, dry run complete, or the account was already pending or deactivated
  1  unexpected internal error
  2  usage or configuration error
  3  blocked by a pre-deactivation check
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
    deactivate.add_argument(
        "--base-url", metavar="URL", help="site to act on (default: the embedded mock site)"
    )
    deactivate.add_argument(
        "--live", action="store_true", help="allow a non-loopback --base-url (the real site)"
    )
    deactivate.add_argument(
        "--dry-run", action="store_true", help="do every step except the final irreversible click"
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

    mock = commands.add_parser(
        "mock-site",
        help="serve the mock AliExpress for a browser, a demo or a dry run",
        description="Serve the mock AliExpress (personas from fixtures/accounts.json) "
        "until Ctrl-C.",
    )
    mock.add_argument("--host", default="127.0.0.1", help="address to listen on")
    mock.add_argument("--port", type=int, default=8000, help="port to listen on (0: any free)")

    audit = commands.add_parser("audit", help="work with audit bundles")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser(
        "verify",
        help="check that a bundle's files match its manifest",
        description="Exit 0 when every file listed in RUN_DIR/manifest.json is present and "
        "unchanged and no file was added; exit 1 naming each difference otherwise.",
    )
    verify.add_argument("run_dir", metavar="RUN_DIR", type=Path)
    return parser


def _add_common(command: argparse.ArgumentParser) -> None:
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
        "--log-format",
        choices=("console", "json"),
        default=None,
        help="console lines or JSON lines on stderr (default: console in "
        "a terminal, JSON otherwise)",
    )


def _deactivate(args: argparse.Namespace) -> int:
    from automation.flows.deactivate import run_deactivate
    from automation.flows.runner import RunOptions

    options = RunOptions(
        flow="deactivate",
        base_url=args.base_url,
        live=args.live,
        headed=args.headed,
        dry_run=args.dry_run,
        audit_dir=args.audit_dir,
        env_file=args.env_file,
        reason=args.reason,
        metadata={"release_account": args.release_account, "reason_requested": args.reason},
    )
    result = asyncio.run(run_deactivate(options))
    out = sys.stdout if result.exit_code == ExitCode.OK else sys.stderr
    prefix = "" if result.exit_code == ExitCode.OK else "aliexit: "
    print(f"{prefix}{result.sentence}", file=out)
    print(f"Audit bundle: {result.bundle}", file=out)
    return int(result.exit_code)


def _mock_site(args: argparse.Namespace) -> int:
    from automation.mocksite import MockServer

    server = MockServer(host=args.host, port=args.port)
    print(f"Mock AliExpress at http://{args.host}:{args.port} (Ctrl-C stops it).", flush=True)
    print("Demo account: ALIEXPRESS_LOGIN=demo.buyer@example.com (see .env.example).", flush=True)
    server.serve_forever()
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from automation.audit.verify import verify_bundle

    verdict = verify_bundle(args.run_dir)
    if verdict.intact:
        print(f"{args.run_dir}: intact ({verdict.steps} steps, outcome {verdict.outcome}).")
        return 0
    print(f"{args.run_dir}: NOT intact: {verdict.problems[0]}.", file=sys.stderr)
    for problem in verdict.problems[1:]:
        print(f"  also: {problem}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `aliexit` console script."""
    args = _parser().parse_args(argv)
    configure_logging(getattr(args, "log_format", None) or "auto")
    try:
        if args.command == "deactivate":
            return _deactivate(args)
        if args.command == "mock-site":
            return _mock_site(args)
        return _audit_verify(args)
    except AliexitError as exc:
        print(f"aliexit: {exc.sentence}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("aliexit: interrupted; the bundle records the steps done so far.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
