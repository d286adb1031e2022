from django.contrib import admin

from .models import Afhaalregels


@admin.register(Afhaalregels)
class AfhaalregelsAdmin(admin.ModelAdmin):
    list_display = ["organisatie", "vereist_doorverwijzing", "zelfmelder_bezoeken", "max_per_week"]
    autocomplete_fields = ["organisatie"]
