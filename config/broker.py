"""kombu's Redis transport, mended so that a worker outlives losing Redis with tasks in hand.

When the broker connection drops, Celery 5.7 collects the lost connection (which detaches the
transport from it) and then closes it, and the consumer carries on with a new connection. Two
things then reach for the old, detached channel, and kombu raises AttributeError from them,
which Celery does not count as a connection error: the worker exits ("Unrecoverable error")
instead of reconnecting.

- Closing the channel restores the messages taken but not yet acknowledged (acks late). Here
  that restore is skipped when the channel has lost its connection.
- A task that was running through the outage finishes later and acknowledges its message on
  the old channel. Here that is a connection error, which Celery logs ("Couldn't ack") and
  survives, as it does when the old connection is still there but dead.

Nothing is lost by either: a message still unacknowledged comes back from Redis after the
visibility timeout, the desk's sweeper re-sends owed lookups and analyses long before, and a
lookup or analysis that already ran does not run again (tests/faults/test_redis_outage.py).
"""

from __future__ import annotations

import logging
from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)


class QoS(kombu_redis.QoS):
    def _connection_lost(self) -> bool:
        transport = self.channel.connection  # None once the channel is closed
        return transport is None or transport.client is None

    def _refuse_on_lost_connection(self, what: str, delivery_tag: Any) -> None:
        if self._connection_lost():
            raise RedisConnectionError(
                f"cannot {what} message {delivery_tag}: its channel lost the broker connection"
            )

    def restore_unacked(self, client: Any = None) -> None:
        if client is None and self._connection_lost():
            held: dict[str, Any] = self._delivered or {}
            logger.warning(
                "Broker connection lost with %d unacknowledged message(s); Redis redelivers "
                "them after the visibility timeout and the sweeper re-sends owed work sooner.",
                len(held),
            )
            held.clear()
            return
        super().restore_unacked(client)

    def ack(self, delivery_tag: Any) -> None:
        self._refuse_on_lost_connection("acknowledge", delivery_tag)
        super().ack(delivery_tag)

    def reject(self, delivery_tag: Any, requeue: bool = False) -> None:
        self._refuse_on_lost_connection("reject", delivery_tag)
        super().reject(delivery_tag, requeue=requeue)


class Channel(kombu_redis.Channel):
    QoS = QoS


class Transport(kombu_redis.Transport):
    Channel = Channel
