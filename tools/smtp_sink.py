"""An SMTP server for tests that keeps every message it receives as a JSON file.

    .venv/bin/python tools/smtp_sink.py --dir DIR [--host 127.0.0.1] [--port 0]

Prints `listening <host>:<port>` on standard output once it accepts connections (port 0
picks a free one), then writes each message to `DIR/<sequence>.json` (zero-padded, written
to a temporary name first and renamed, so a reader never sees half a file):

    {"mail_from": str, "rcpt_tos": [str], "subject": str,
     "headers": {lower-case name: decoded value}, "text": str | null, "html": str | null}

A header that occurs more than once keeps its last value. It runs until it is terminated
(SIGTERM or SIGINT) or its standard input closes.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import sys
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session


def body_of(message: EmailMessage, subtype: str) -> str | None:
    """The decoded text of the message's first text/<subtype> part, if any."""
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}" and not part.is_attachment():
            return str(part.get_content()).replace("\r\n", "\n")
    return None


class Sink:
    """The aiosmtpd handler: one JSON file per message."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.sequence = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "subject": str(message.get("subject", "")),
            "headers": {name.lower(): str(value) for name, value in message.items()},
            "text": body_of(message, "plain"),
            "html": body_of(message, "html"),
        }
        self.sequence += 1
        path = self.directory / f"{self.sequence:06d}.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, path)
        return "250 OK"


async def serve(directory: Path, host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    handler = Sink(directory)
    server = await loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="smtp-sink"), host=host, port=port
    )
    bound = server.sockets[0].getsockname()
    print(f"listening {bound[0]}:{bound[1]}", flush=True)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # A parent that dies without terminating the sink closes its standard input.
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    stdin_closed.add_done_callback(lambda _: stop.set())
    await stop.wait()
    server.close()
    await server.wait_closed()
    os._exit(0)  # the executor thread still blocks on stdin when a signal stopped the sink


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, type=Path, help="where the messages go")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(serve(args.dir, args.host, args.port))


if __name__ == "__main__":
    main()
