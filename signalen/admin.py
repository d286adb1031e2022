"""Beheer: which municipalities take part and their themes. Meldingen stay out of the admin."""

from django.contrib import admin

from .models import Deelname, Thema


@admin.register(Deelname)
class DeelnameAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "actief", "sinds"]
    list_filter = ["actief"]


@admin.register(Thema)
class ThemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "gemeente", "volgorde", "actief"]
    list_filter = ["gemeente", "actief"]
    prepopulated_fields = {"slug": ["naam"]}
