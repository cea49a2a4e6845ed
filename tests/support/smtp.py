"""A local SMTP server for the e-mail tests: aiosmtpd on 127.0.0.1 requiring STARTTLS, with a self-signed
certificate made for the test (openssl CLI). Used by the `smtp_server` fixture of tests/conftest.py."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_smtp(tmp_path: Path) -> Iterator[tuple]:
    """(controller, recorder of the received messages, CA certificate to trust)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl absent: cannot make the test certificate for STARTTLS")
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    class Recorder(Sink):
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope, session.ssl is not None))
            return "250 OK"

    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True)
    controller.start()
    try:
        yield controller, handler, cert
    finally:
        controller.stop()
