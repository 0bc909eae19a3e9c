"""sms-diagnose fake: the fake SMS API served on 127.0.0.1 until SIGINT or SIGTERM, for the tests
of a program in any language; its base URL is printed as one line."""

from __future__ import annotations

from ..errors import EXIT_OK, CliError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...fake import FakeSmsApi
    from ..options import Options


def run(args: Options) -> int:
    import signal
    import threading

    from ...fake.server import LOOPBACK, FakeServer

    fake = _fake(args)
    try:
        server = FakeServer(fake, host=LOOPBACK, port=args.port)
    except OSError as exc:
        fake.close()
        raise CliError(f"{LOOPBACK}:{args.port}: cannot be listened on ({exc.strerror or exc})") from None
    stop = threading.Event()

    def stopping(signum: int, frame: object) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stopping)
    try:
        with server:
            print(server.base_url, flush=True)
            while not stop.wait(1.0):
                pass
    finally:
        fake.close()
    return EXIT_OK


def _fake(args: Options) -> FakeSmsApi:
    import time

    from ...fake import FakeClock, FakeSmsApi
    from ...fake.clock import wall_clock
    from ...redaction import printable

    try:
        return FakeSmsApi(
            authkeys=args.authkey,
            balance=args.balance,
            seed=args.seed,
            clock=wall_clock if args.wall_clock else FakeClock(),
            sleep=time.sleep,
            journal=args.journal,
            trace=args.trace,
        )
    except OSError as exc:
        option, path = ("--journal", args.journal) if args.journal else ("--trace", args.trace)
        raise CliError(f"{option} {printable(str(path))}: cannot be written ({exc.strerror or exc})") from None
