from django.db import models


class DemoLoad(models.Model):
    """One run of the demo loader that added add-ons to the database.

    Its presence is the marker that the demo catalogue was loaded: `amo
    demo` loads the catalogue only into a database that has no row here,
    so add-ons deleted from a running demo stay deleted.
    """

    created = models.DateTimeField(auto_now_add=True)
    # sha256 of the demo data, to tell which edition of the catalogue ran.
    data_digest = models.CharField(max_length=64)
    addons_added = models.PositiveIntegerField()
    addons_present = models.PositiveIntegerField()

    class Meta:
        db_table = "demo_loads"
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"Demo load {self.pk}: {self.addons_added} add-ons added"
