from django import template

from ..rechtenverkenning import benoemd

register = template.Library()


@register.filter
def rechtnamen(rechten, namen: dict[str, str]) -> str:
    """{{ verkenning.gemist|rechtnamen:namen }}: "Huurpremie, Leefloon", never the codes."""
    return ", ".join(benoemd(rechten or [], namen or {}))
