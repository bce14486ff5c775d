from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from claims import services
        from claims.lookups import services as lookup_services
        from claims.matching import services as matching_services
        from claims.monitoring import services as monitoring_services
        from foundation import background

        background.register("claim analysis", services.analysis_owed)
        background.register("lookups", lookup_services.lookups_owed)
        background.register("claim embeddings", matching_services.embedding_owed)
        background.register("followed items", monitoring_services.items_owed)
