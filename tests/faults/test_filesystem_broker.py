"""The embedded broker's folder (config/filesystem_broker.py) with real kombu connections and
real processes: messages written by several processes reach a waiting reader whole, and a
damaged file is set aside instead of ending the reader. kombu's own filesystem transport fails
both: its reader can take a file its writer has created but not yet written."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kombu import Connection, Consumer, Exchange, Producer, Queue

from config import filesystem_broker
from tests import processes

pytestmark = [pytest.mark.serial, pytest.mark.embedded]

TRANSPORT = "config.filesystem_broker:Transport"
QUEUE = Queue("celery", Exchange("celery", type="direct"), routing_key="celery")
WRITERS = 4
MESSAGES_EACH = 100
ROUNDS = 3

# A writer process: publishes MESSAGES_EACH numbered messages as fast as it can.
WRITER = """
import json, sys
from kombu import Connection, Exchange, Producer, Queue
options, writer, count = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
queue = Queue("celery", Exchange("celery", type="direct"), routing_key="celery")
transport = options.pop("transport")
with Connection("filesystem://", transport=transport, transport_options=options) as conn:
    producer = Producer(conn.default_channel)
    for n in range(count):
        producer.publish({"id": f"{writer}-{n}", "pad": "x" * 2000}, exchange=queue.exchange,
                         routing_key="celery", declare=[queue])
"""


@pytest.fixture
def folder(tmp_path: Path) -> dict[str, Any]:
    queue = tmp_path / "queue"
    control = tmp_path / "control"
    queue.mkdir()
    control.mkdir()
    # The desk's own options (config/settings.py), in a private folder.
    return {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
        "store_processed": False,
        "polling_interval": 0.05,
    }


@pytest.fixture
def reader(folder: dict[str, Any]) -> Iterator[Connection]:
    # kombu keeps the bindings it has made for the whole process, as if every test shared one
    # folder; each test starts without them.
    filesystem_broker.Transport.global_state.clear()
    with Connection("filesystem://", transport=TRANSPORT, transport_options=folder) as conn:
        QUEUE(conn.default_channel).declare()
        yield conn


def test_messages_from_several_writers_reach_a_waiting_reader_whole(folder, reader):
    received: list[str] = []

    def take(body: dict[str, Any], message: Any) -> None:
        assert body["pad"] == "x" * 2000
        received.append(body["id"])
        message.ack()

    options = json.dumps({**folder, "transport": TRANSPORT})
    with Consumer(reader, [QUEUE], accept=["json"], callbacks=[take]):
        for round_ in range(ROUNDS):  # each round's writers start while the reader waits
            writers = [
                subprocess.Popen(
                    [sys.executable, "-c", WRITER, options, f"{round_}.{w}", str(MESSAGES_EACH)],
                    cwd=processes.ROOT,
                )
                for w in range(WRITERS)
            ]
            expected = (round_ + 1) * WRITERS * MESSAGES_EACH
            deadline = time.monotonic() + 60
            while len(received) < expected and time.monotonic() < deadline:
                with contextlib.suppress(TimeoutError):
                    reader.drain_events(timeout=0.5)
            for writer in writers:
                assert writer.wait(timeout=30) == 0
    assert len(received) == len(set(received)) == ROUNDS * WRITERS * MESSAGES_EACH
    assert os.listdir(folder["data_folder_in"]) == []


DAMAGED = {
    "empty": b"",
    "cut short": b'{"body": "eyJ',
    "not text": b"\xff\xfe\x00garbage",
    "not a message": b'{"hello": "world"}',
    "a list": b"[1, 2, 3]",
}


def test_damaged_files_are_set_aside_and_the_reader_goes_on(folder, reader, caplog):
    channel = reader.default_channel
    queue_dir = Path(folder["data_folder_in"])
    for n, content in enumerate(DAMAGED.values()):
        # Named as kombu names messages, older than any real one, so they are read first.
        (queue_dir / f"{n:04d}_damaged-{n}.celery.msg").write_bytes(content)
    Producer(channel).publish(
        {"after": "the damage"}, exchange=QUEUE.exchange, routing_key="celery"
    )

    with caplog.at_level(logging.ERROR, logger="config.filesystem_broker"):
        message = channel.basic_get("celery")
    assert message is not None and message.decode() == {"after": "the damage"}
    message.ack()
    assert channel.basic_get("celery") is None
    set_aside = sorted(queue_dir.glob(f"*{filesystem_broker.DAMAGED_SUFFIX}"))
    assert [path.read_bytes() for path in set_aside] == list(DAMAGED.values())
    assert len(caplog.records) == len(DAMAGED)
    assert "Skipped a damaged broker message" in caplog.records[0].getMessage()
    assert "the sweeper re-sends" in caplog.records[0].getMessage()
