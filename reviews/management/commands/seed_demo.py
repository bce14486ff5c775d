import os

from django.core.management.base import BaseCommand

from reviews import demo


class Command(BaseCommand):
    help = (
        "Create the demo users (reviewer, reviewer2, editor) and, if the desk has no claims, "
        "the demo claims in every state of the review workflow. DEMO_PASSWORD sets the users' "
        "password; otherwise new users get a random one, printed once."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = demo.build_demo_desk(password=os.environ.get("DEMO_PASSWORD") or None)
        if result.created_claims:
            self.stdout.write(f"Demo desk created: {result.created_claims} claims.")
        else:
            self.stdout.write("The desk already has claims; left them as they are.")
        if result.password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo users reviewer, reviewer2 and editor: password {result.password}"
                )
            )
        else:
            self.stdout.write(
                "Demo users exist already; set DEMO_PASSWORD to reset their password."
            )
