from __future__ import annotations

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"

    def ready(self) -> None:
        from foundation import background, events
        from webhooks import services

        events.subscribe(services.deliveries_record)
        background.register("webhook deliveries", services.deliveries_owed)
