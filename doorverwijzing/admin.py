from django.contrib import admin

from .models import Rechtenvraag


@admin.register(Rechtenvraag)
class RechtenvraagAdmin(admin.ModelAdmin):
    """Beheerders set the rights check per municipality (at most 8 active questions)."""

    list_display = ["vraag", "naam", "gemeente", "volgorde", "actief"]
    list_filter = ["gemeente", "actief"]
    list_editable = ["volgorde", "actief"]
    ordering = ["gemeente", "volgorde"]
