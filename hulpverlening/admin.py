"""Beheer for beheerders: structure and accounts only.

Households, persons and cards are deliberately not registered here: personal
data is only reachable through the scoping layer, by organisations that have a
relationship with the household.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Afhaalmoment, Gemeente, Hulpvorm, Lidmaatschap, Locatie, Organisatie


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "retentie_maanden"]
    prepopulated_fields = {"slug": ["naam"]}


class LocatieInline(admin.TabularInline):
    model = Locatie
    extra = 0


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "gemeente", "telefoon", "actief"]
    list_filter = ["gemeente", "soort", "actief"]
    search_fields = ["naam"]
    inlines = [LocatieInline]


class AfhaalmomentInline(admin.TabularInline):
    model = Afhaalmoment
    extra = 0


@admin.register(Locatie)
class LocatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "organisatie", "postcode", "actief"]
    list_filter = ["organisatie__gemeente", "actief"]
    search_fields = ["naam", "organisatie__naam"]
    inlines = [AfhaalmomentInline]


@admin.register(Hulpvorm)
class HulpvormAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "eenheid", "telt_voor_foodsavers", "actief"]
    list_filter = ["soort", "telt_voor_foodsavers", "actief"]
    # "7,50" and "7.50" both mean seven euro fifty (see rapportering.forms.LeveringForm).
    formfield_overrides = {models.DecimalField: {"localize": True}}
    fieldsets = [
        (None, {"fields": ["naam", "slug", "actief", "soort", "eenheid", "telt_voor_foodsavers"]}),
        (_("Eenmalig pakket"), {"fields": ["eenmalig_per", "eenmalig_maanden"]}),
        (_("Maaltijd"), {"fields": ["sociaal_tarief", "vol_tarief"]}),
        (_("Waardebon"), {"fields": ["bonwaarde"]}),
    ]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class GebruikerAdmin(UserAdmin):
    inlines = [LidmaatschapInline]
