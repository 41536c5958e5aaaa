from django.core.management.base import BaseCommand

from tropes.demo import loader


class Command(BaseCommand):
    help = "Create the demo wiki (idempotent: existing pages are left as they are)."

    def handle(self, *args, **options):
        created = loader.load()
        if any(created.values()):
            summary = ", ".join(f"{count} {what}" for what, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
        else:
            self.stdout.write("Demo content already loaded; nothing to do.")
        self.stdout.write("Demo accounts (handle / password):")
        for handle, password, role in loader.DEMO_ACCOUNTS:
            self.stdout.write(f"  {handle:<10} / {password:<20} {role}")
