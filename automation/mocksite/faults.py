"""Fault injection for the mock site: latency, 5xx answers and dropped connections.

Two sources of faults, both applied by a WSGI middleware in front of the Flask app:

- random faults, set for the whole server (`aliexit mock-site --latency-ms --error-rate
  --drop-rate --seed`): every request outside ``/__mock__/`` and ``/static/`` may be slowed,
  answered with a 5xx, or dropped, drawn from one seeded RNG (reproducible runs);
- rules, set per test (``POST /__mock__/faults``), aimed at a path (exact, or a glob such as
  ``/member-profile/*``) and a method, firing ``times`` times (default once; ``"always"``).

A fault's ``phase`` says when it strikes: ``"before"`` the handler runs (nothing happened on
the site) or ``"after"`` (the handler ran and changed state, then the answer is lost: the
uncertain case). A dropped connection closes the TCP connection without any HTTP answer
(the client sees an empty response or a reset), never a 500.

``GET /__mock__/faults`` shows the settings, the rules with what is left of them, and counters;
``DELETE /__mock__/faults`` removes every fault; ``POST /__mock__/reset`` restores the startup
settings and clears rules and counters.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, request

FAULT_KINDS = ("latency", "error", "drop")
PHASES = ("before", "after")
ERROR_STATUSES = (500, 502, 503)
INTERNAL_PREFIXES = ("/__mock__/", "/static/")
_EXTENSION_KEY = "aliexit_mock_faults"
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class FaultError(ValueError):
    """A fault setting or rule that makes no sense; its message says which field and why."""


@dataclass(frozen=True)
class FaultSettings:
    """Random faults for every request outside ``/__mock__/`` and ``/static/``."""

    latency_ms: int = 0
    jitter_ms: int = 0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.latency_ms < 0 or self.jitter_ms < 0:
            raise FaultError("latency_ms and jitter_ms must be 0 or more")
        for name in ("error_rate", "drop_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise FaultError(f"{name} must be between 0 and 1")
        if self.error_rate + self.drop_rate > 1.0:
            raise FaultError("error_rate + drop_rate must not exceed 1")

    @property
    def active(self) -> bool:
        """Whether any random fault is set."""
        return bool(self.latency_ms or self.jitter_ms or self.error_rate or self.drop_rate)


@dataclass
class FaultRule:
    """One targeted fault: what, where, when, and how many more times."""

    fault: str
    path: str
    method: str = "*"
    phase: str = "before"
    times: int | None = 1  # None: always
    status: int = 503
    latency_ms: int = 0
    fired: int = 0

    @classmethod
    def from_json(cls, data: Any) -> FaultRule:
        """A rule from the JSON of ``POST /__mock__/faults``; `FaultError` when malformed."""
        if not isinstance(data, dict):
            raise FaultError("a rule must be a JSON object")
        unknown = set(data) - {"fault", "path", "method", "phase", "times", "status", "latency_ms"}
        if unknown:
            raise FaultError(f"unknown rule field(s): {', '.join(sorted(unknown))}")
        fault = data.get("fault")
        if fault not in FAULT_KINDS:
            raise FaultError(f"fault must be one of {', '.join(FAULT_KINDS)}")
        path = data.get("path")
        if not isinstance(path, str) or not path.startswith("/"):
            raise FaultError("path must be a path starting with / (globs like /orders* work)")
        phase = data.get("phase", "before")
        if phase not in PHASES:
            raise FaultError("phase must be before or after")
        times = data.get("times", 1)
        if times == "always":
            times = None
        elif times == "once":
            times = 1
        elif not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise FaultError('times must be a positive whole number, "once" or "always"')
        status = data.get("status", 503)
        if not isinstance(status, int) or not 500 <= status <= 599:
            raise FaultError("status must be a 5xx code")
        latency = data.get("latency_ms", 0)
        if not isinstance(latency, int) or latency < 0:
            raise FaultError("latency_ms must be 0 or more")
        method = str(data.get("method", "*")).upper()
        return cls(fault, path, method, phase, times, status, latency)

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule aims at the request and has firings left."""
        if self.times is not None and self.fired >= self.times:
            return False
        if self.method not in ("*", method):
            return False
        if path.startswith(INTERNAL_PREFIXES) and not self.path.startswith(INTERNAL_PREFIXES):
            return False  # internal paths only when a rule names them
        return fnmatchcase(path, self.path)

    def as_json(self) -> dict[str, Any]:
        """The rule with its counter, for ``GET /__mock__/faults``."""
        left = None if self.times is None else self.times - self.fired
        return {**asdict(self), "times": self.times or "always", "left": left}


@dataclass
class Decision:
    """What to do to one request."""

    delay_s: float = 0.0
    fault: str | None = None  # "error" | "drop" | None
    phase: str = "before"
    status: int = 503


@dataclass
class FaultInjector:
    """The server's fault settings, rules and counters, shared by its threads under a lock."""

    startup: FaultSettings = field(default_factory=FaultSettings)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Back to the startup settings, no rules, counters at zero, the RNG re-seeded."""
        with self._lock:
            self.settings = self.startup
            self.rules: list[FaultRule] = []
            self.counters = {"requests": 0, "latency": 0, "error": 0, "drop": 0}
            self._rng = random.Random(self.settings.seed)

    def configure(self, settings: FaultSettings) -> None:
        """Replace the random settings (the RNG is re-seeded from them)."""
        with self._lock:
            self.settings = settings
            self._rng = random.Random(settings.seed)

    def add_rules(self, rules: list[FaultRule]) -> None:
        """Add targeted rules; they are checked in the order they were added."""
        with self._lock:
            self.rules.extend(rules)

    def clear_rules(self) -> None:
        """Remove every targeted rule."""
        with self._lock:
            self.rules = []

    def describe(self) -> dict[str, Any]:
        """Settings, rules and counters as JSON."""
        with self._lock:
            return {
                "settings": asdict(self.settings),
                "rules": [rule.as_json() for rule in self.rules],
                "counters": dict(self.counters),
            }

    def decide(self, method: str, path: str) -> Decision:
        """The faults for one request: the first matching rule of each kind, then random ones."""
        decision = Decision()
        with self._lock:
            if path.startswith("/__mock__/faults") or path == "/__mock__/reset":
                return decision  # the controls themselves are never faulted
            self.counters["requests"] += 1
            for rule in self.rules:
                if not rule.matches(method, path):
                    continue
                if rule.fault == "latency":
                    if decision.delay_s:
                        continue
                    decision.delay_s = rule.latency_ms / 1000
                elif decision.fault is None:
                    decision.fault, decision.phase, decision.status = (
                        rule.fault,
                        rule.phase,
                        rule.status,
                    )
                else:
                    continue
                rule.fired += 1
            if not path.startswith(INTERNAL_PREFIXES):
                self._random(decision)
            if decision.delay_s:
                self.counters["latency"] += 1
            if decision.fault:
                self.counters[decision.fault] += 1
        return decision

    def _random(self, decision: Decision) -> None:
        settings, rng = self.settings, self._rng
        if not settings.active:
            return
        if not decision.delay_s and (settings.latency_ms or settings.jitter_ms):
            jitter = rng.uniform(0, settings.jitter_ms) if settings.jitter_ms else 0.0
            decision.delay_s = (settings.latency_ms + jitter) / 1000
        if decision.fault is None:
            draw = rng.random()
            if draw < settings.drop_rate:
                decision.fault = "drop"
                decision.phase = rng.choice(PHASES)
            elif draw < settings.drop_rate + settings.error_rate:
                decision.fault = "error"
                decision.status = rng.choice(ERROR_STATUSES)


def error_page(status: int) -> bytes:
    """A plain gateway-style error page, as a proxy in front of a site would answer."""
    title = f"{status} {_REASONS.get(status, 'Server Error')}"
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>The server could not answer your request. Please try again "
        "later.</p></body></html>"
    ).encode()


def _drop(environ: dict[str, Any], *, body_unread: bool) -> None:
    """Close the connection with no HTTP answer: a TCP reset where the server allows it."""
    length = environ.get("CONTENT_LENGTH") or ""
    if body_unread and length.isdigit():  # else the server takes it for the next request
        environ["wsgi.input"].read(min(int(length), 10_000_000))
    sock = environ.get("werkzeug.socket")
    if isinstance(sock, socket.socket):
        try:  # linger 0: the close sends RST; shutdown ends the keep-alive wait at once
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    # werkzeug's dev server treats a ConnectionError from the app as a dropped connection:
    # it writes nothing, and the handler stops reading the shut socket and closes it.
    raise ConnectionAbortedError("mock fault: connection dropped")


class FaultMiddleware:
    """WSGI middleware that applies the injector's decision to each request."""

    def __init__(self, app: WsgiApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        decision = self.injector.decide(
            environ.get("REQUEST_METHOD", "GET").upper(), environ.get("PATH_INFO", "/")
        )
        if decision.delay_s:
            time.sleep(decision.delay_s)
        if decision.fault is None:
            return self.app(environ, start_response)
        if decision.phase == "after":
            self._run_handler(environ)
        if decision.fault == "drop":
            _drop(environ, body_unread=decision.phase == "before")
        body = error_page(decision.status)
        start_response(
            f"{decision.status} {_REASONS.get(decision.status, 'Server Error')}",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]

    def _run_handler(self, environ: dict[str, Any]) -> None:
        """Let the site handle the request fully (state changes), then forget its answer."""
        answer = self.app(environ, lambda status, headers, exc_info=None: lambda data: None)
        try:
            for _chunk in answer:
                pass
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()


def install(app: Flask, settings: FaultSettings | None = None) -> FaultInjector:
    """Put fault injection in front of `app` (once) and return its injector."""
    injector = app.extensions.get(_EXTENSION_KEY)
    if injector is None:
        injector = FaultInjector(settings or FaultSettings())
        app.extensions[_EXTENSION_KEY] = injector
        app.wsgi_app = FaultMiddleware(app.wsgi_app, injector)  # type: ignore[method-assign]
    elif settings is not None:
        injector.startup = settings
        injector.reset()
    return injector


def injector_of(app: Flask | None = None) -> FaultInjector:
    """The injector of `app` (default: the current app)."""
    return (app or current_app).extensions[_EXTENSION_KEY]


def _settings_from(data: dict[str, Any], base: FaultSettings) -> FaultSettings:
    values = asdict(base)
    for key in values:
        if key in data:
            values[key] = data[key]
    try:
        return FaultSettings(
            latency_ms=int(values["latency_ms"]),
            jitter_ms=int(values["jitter_ms"]),
            error_rate=float(values["error_rate"]),
            drop_rate=float(values["drop_rate"]),
            seed=None if values["seed"] is None else int(values["seed"]),
        )
    except (TypeError, ValueError) as exc:
        raise FaultError(str(exc)) from exc


def add_routes(api: Blueprint) -> None:
    """Add ``/faults`` (GET, POST, DELETE) to the inspection API blueprint."""

    @api.get("/faults")
    def show_faults() -> Any:
        """Settings, rules (with firings left) and counters."""
        return jsonify(injector_of().describe())

    @api.post("/faults")
    def add_faults() -> Any:
        """Add rules (one object, a list, or ``{"rules": [...]}``) and/or random settings."""
        data = request.get_json(silent=True)
        injector = injector_of()
        try:
            if isinstance(data, dict) and "fault" not in data:
                unknown = set(data) - {"rules", *asdict(FaultSettings())}
                if unknown:
                    raise FaultError(f"unknown field(s): {', '.join(sorted(unknown))}")
                raw_rules = data.get("rules", [])
                settings = (
                    _settings_from(data, injector.settings) if set(data) - {"rules"} else None
                )
            else:
                raw_rules, settings = data, None
            if isinstance(raw_rules, dict):
                raw_rules = [raw_rules]
            if not isinstance(raw_rules, list):
                raise FaultError('send a rule object, a list of rules, or {"rules": [...]}')
            rules = [FaultRule.from_json(item) for item in raw_rules]
        except FaultError as exc:
            return jsonify({"error": str(exc)}), 400
        if settings is not None:
            injector.configure(settings)
        injector.add_rules(rules)
        return jsonify(injector.describe())

    @api.delete("/faults")
    def clear_faults() -> Any:
        """Remove every rule and the random faults (back to no faults at all)."""
        injector = injector_of()
        injector.clear_rules()
        injector.configure(FaultSettings())
        return jsonify(injector.describe())
