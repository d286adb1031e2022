from .access import huidig_lidmaatschap


def lidmaatschap(request) -> dict:
    return {"lidmaatschap": huidig_lidmaatschap(request)}
