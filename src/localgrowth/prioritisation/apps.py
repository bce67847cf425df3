from django.apps import AppConfig


class PrioritisationConfig(AppConfig):
    """Funding calls, their candidate projects, appraisal, scoring and portfolio scenarios."""

    name = "localgrowth.prioritisation"
    label = "prioritisation"
    verbose_name = "Prioritisation"

    def ready(self) -> None:
        from localgrowth.core.importing import Importer, register

        from .importers import SHEETS, import_candidates

        register(
            Importer(
                "candidates",
                import_candidates,
                SHEETS,
                "Candidates bidding into a funding call, with their costs, benefits, assessors' "
                "scores, themes and the places (districts) they serve. The call must exist "
                "(make it in the admin). A cost after the call's spend deadline is not a fault "
                "here: the candidate is stored and "
                "`localgrowth prioritise CALL` reports it as ineligible, with the reason.",
            )
        )
