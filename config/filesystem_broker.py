"""kombu's filesystem transport, mended so that a burst of messages cannot end the worker.

kombu writes a message by creating its file under its final name and then writing the body, and
the worker takes every file with that name pattern it finds in the folder. A worker that looks
between the two takes an empty or half-written file, fails to decode it, and exits
("Unrecoverable error: JSONDecodeError"). It takes a writer held up between the two (a busy
machine, a web process's other threads) while the worker waits for work: rare, but a burst of
saves made it happen twice in seven tries.

- Writing: the body goes to a file whose name the reader never picks up (it ends in `.part`,
  and the reader takes only names ending in `.<queue>.msg`), which is then renamed into place
  (`os.replace`, atomic within one folder). A reader sees a whole message or none.
- Reading: the reader claims a file by renaming it within the folder (so two consumers never
  both take it, and it is not copied across filesystems as kombu's move to the temp folder may
  be), then reads it. A file that still does not decode into a message (a writer from before
  this fix, a disk that filled up, a hand edit) is kept aside as `….damaged` and logged; the
  worker goes on with the next one. The work it carried is not lost: the outbox rows say what is
  owed and beat's sweeper re-sends it.

Messages are not fsynced: a message lost to a power cut is re-sent by the sweeper, as one lost
to a killed worker is (the transport has no acknowledgements to redeliver from).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import uuid
from queue import Empty
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem as kombu_filesystem
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)

WRITING_SUFFIX = ".part"
TAKEN_SUFFIX = ".taken"
DAMAGED_SUFFIX = ".damaged"


def _is_message(payload: Any) -> bool:
    """The shape kombu's virtual transport needs to build a Message without a KeyError."""
    if not isinstance(payload, dict):
        return False
    properties = payload.get("properties")
    return isinstance(properties, dict) and "delivery_tag" in properties


class Channel(kombu_filesystem.Channel):
    # kombu's stubs name the second argument `message` in the base class and `payload` here.
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        # The same name as kombu's: readers order messages by it (milliseconds first).
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + WRITING_SUFFIX
        try:
            with open(partial, "xb") as file:
                file.write(dumps(payload).encode())
            os.replace(partial, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue: str, timeout: float | None = None) -> Any:
        wanted = f"{queue}.msg"
        folder = self.data_folder_in
        for name in sorted(os.listdir(folder)):
            if name.partition(".")[2] != wanted:
                continue
            path = os.path.join(folder, name)
            taken = path + TAKEN_SUFFIX
            try:
                os.rename(path, taken)
            except OSError:
                continue  # another consumer took it first
            try:
                with open(taken, "rb") as file:
                    raw = file.read()
            except OSError as exc:
                raise ChannelError(f"Cannot read file {taken!r} from queue.") from exc
            try:
                payload = loads(raw.decode())
            except ValueError:  # JSON errors and undecodable bytes alike
                payload = None
            if not _is_message(payload):
                self._set_aside(taken, path, raw)
                continue
            self._dispose(taken, name)
            return payload
        raise Empty()

    def _set_aside(self, taken: str, path: str, raw: bytes) -> None:
        damaged = path + DAMAGED_SUFFIX
        with contextlib.suppress(OSError):
            os.replace(taken, damaged)
        logger.error(
            "Skipped a damaged broker message (%d bytes), kept as %s; the sweeper re-sends the "
            "work it was owed.",
            len(raw),
            damaged,
        )

    def _dispose(self, taken: str, name: str) -> None:
        if self.store_processed:
            os.makedirs(self.processed_folder, exist_ok=True)
            shutil.move(taken, os.path.join(self.processed_folder, name))
        else:
            with contextlib.suppress(OSError):
                os.remove(taken)


class Transport(kombu_filesystem.Transport):
    Channel = Channel
