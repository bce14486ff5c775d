"""Are the services the tests need reachable? Used by the Makefile and by tests/pytest_env.py.

python -m tests.services postgres URL   exit 0: reachable; 1: not, and may be skipped;
python -m tests.services redis URL      2: not reachable in CI, where nothing is skipped.
"""

from __future__ import annotations

import os
import socket
import sys
from urllib.parse import urlsplit


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def reachable(url: str, *, timeout: float = 2.0) -> bool:
    parts = urlsplit(url)
    default_port = {"redis": 6379, "postgres": 5432, "postgresql": 5432}.get(parts.scheme, 0)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=timeout
        ) as sock:
            if parts.scheme == "redis":
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
            return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    kind, url = argv[1], argv[2]
    if reachable(url):
        return 0
    where = urlsplit(url).netloc
    if in_ci():
        print(f"CI: {kind} is required but not reachable at {where}.", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
