"""kombu's Redis transport, mended so that a worker outlives losing Redis with a task in hand.

When the broker connection drops, Celery 5.7 collects the lost connection (which detaches the
transport from it) and then closes it. Closing the channel restores the messages the worker
had taken but not yet acknowledged (acks late), and kombu looks up the broker's address through
the transport it has just detached: an AttributeError that Celery does not count as a
connection error, so the worker exits ("Unrecoverable error") instead of reconnecting.

Here that restore is skipped when the transport is already detached. Nothing is lost by it: a
message still unacknowledged comes back from Redis after the visibility timeout, and the desk's
sweeper re-sends owed lookups and analyses long before (tests/faults/test_redis_outage.py).
"""

from __future__ import annotations

import logging
from typing import Any

from kombu.transport import redis as kombu_redis

logger = logging.getLogger(__name__)


class QoS(kombu_redis.QoS):
    def restore_unacked(self, client: Any = None) -> None:
        if client is None and self.channel.connection.client is None:
            held: dict[str, Any] = self._delivered or {}
            logger.warning(
                "Broker connection lost with %d unacknowledged message(s); Redis redelivers "
                "them after the visibility timeout and the sweeper re-sends owed work sooner.",
                len(held),
            )
            held.clear()
            return
        super().restore_unacked(client)


class Channel(kombu_redis.Channel):
    QoS = QoS


class Transport(kombu_redis.Transport):
    Channel = Channel
