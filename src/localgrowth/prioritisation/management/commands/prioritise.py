"""localgrowth prioritise CALL — appraise a call's candidates, rank them and choose the best
portfolio that fits its budgets, with the reasons."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from localgrowth.prioritisation.models import Call
from localgrowth.prioritisation.scenarios import save_scenario
from localgrowth.prioritisation.services import (
    STABILITY_DRAWS,
    STABILITY_SPREAD,
    CallAppraisal,
    CallProblem,
    Choice,
    appraise_call,
    choose_portfolio,
)


def _money(amount: float | None) -> str:
    return "—" if amount is None else f"£{amount:,.0f}"


class Command(BaseCommand):
    help = (
        "Appraise a funding call's candidates (eligibility, Green Book figures), rank them "
        "(weighted sum and TOPSIS) and choose the best portfolio under its budgets. "
        "See docs/prioritisation.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("call", help="The call's slug.")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=10.0,
            help="Seconds the solver may take for each solve (default 10).",
        )
        parser.add_argument(
            "--save",
            metavar="NAME",
            help="Save the portfolio as a scenario with this name, to compare and publish.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["call"]
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            known = ", ".join(Call.objects.values_list("slug", flat=True)) or "none yet"
            self._fail(f"There is no call '{slug}'. Stored calls: {known}.")
            return
        if not options["time_limit"] > 0:
            self._fail("The time limit must be more than 0 seconds.")
            return
        try:
            appraised = appraise_call(call)
            self._appraisal(appraised)
            choice = choose_portfolio(call, time_limit=options["time_limit"], appraised=appraised)
        except CallProblem as problem:
            self._fail(str(problem))
            return
        infeasible = self._portfolio(choice)
        if options["save"]:
            scenario = save_scenario(call, name=options["save"], time_limit=options["time_limit"])
            self.stdout.write(f"Saved as scenario {scenario.pk}, '{scenario.name}'.")
        if infeasible:
            self._fail(
                f"No portfolio for '{slug}' meets every constraint. Change the conflicting "
                "constraints above and run it again."
            )

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(2)

    def _appraisal(self, appraised: CallAppraisal) -> None:
        call = appraised.call
        write = self.stdout.write
        write(
            f"{call.name} ({call.slug})" + (" — illustrative figures" if call.illustrative else "")
        )
        write("")
        write("Eligibility")
        for one in appraised.candidates:
            mark = " [illustrative]" if one.illustrative else ""
            if one.eligible:
                write(f"  {one.reference} {one.title}{mark}: eligible")
            else:
                write(f"  {one.reference} {one.title}{mark}: not eligible")
                for failure in one.failures:
                    write(f"    - {failure.reason}")
        write("")
        write("Appraisal (present values at the Green Book rate, costs after optimism bias)")
        write(
            f"  {'reference':<12} {'grant':>12} {'PV costs':>12} {'PV benefits':>12} "
            f"{'BCR':>6} {'value for money':<16} {'£/job gross':>12} {'£/job net':>12} "
            f"{'£/home gross':>12} {'£/home net':>12}"
        )
        net = appraised.net_outputs
        for one in appraised.candidates:
            figures = one.appraisal
            if figures is None:
                write(f"  {one.reference:<12} {_money(one.grant):>12}  no costs to appraise")
                continue
            write(
                f"  {one.reference:<12} {_money(one.grant):>12} "
                f"{_money(figures.pv_costs.value):>12} {_money(figures.pv_benefits.value):>12} "
                f"{figures.bcr.value:>6.2f} {figures.vfm_category.value:<16} "
                f"{_money(figures.cost_per_job_gross.value):>12} "
                f"{_money(figures.cost_per_job_net.value if 'jobs' in net else None):>12} "
                f"{_money(figures.cost_per_home_gross.value):>12} "
                f"{_money(figures.cost_per_home_net.value if 'homes' in net else None):>12}"
            )
        for output in ("jobs", "homes"):
            if output not in net:
                write(
                    f"  Net cost per {output[:-1]} is not shown: the call has no additionality "
                    f"assumptions for {output}."
                )
        write("")
        if appraised.weighted_sum is None or appraised.topsis is None:
            write("Rankings: none (the call has no criteria, or no candidate is eligible).")
            return
        write("Rankings of eligible candidates")
        write(f"  {'reference':<12} {'weighted sum':>12} {'rank':>5} {'TOPSIS':>8} {'rank':>5}")
        for reference in appraised.weighted_sum.ranking():
            write(
                f"  {reference:<12} {appraised.weighted_sum.score(reference):>12.3f} "
                f"{appraised.weighted_sum.rank(reference):>5} "
                f"{appraised.topsis.score(reference):>8.3f} {appraised.topsis.rank(reference):>5}"
            )
        if appraised.stability:
            top = appraised.stability[0].top_k
            write(
                f"  Rank stability, weights redrawn {STABILITY_DRAWS:,} times within "
                f"±{STABILITY_SPREAD:.0%}: how often each weighted-sum rank held, and stayed in "
                f"the top {top}"
            )
            for held in appraised.stability:
                write(
                    f"    {held.candidate:<12} rank {held.rank:>3}: held {held.unchanged:>6.1%}, "
                    f"top {top} {held.in_top:>6.1%}, from {held.best_rank} to {held.worst_rank}"
                )
        if appraised.agreement is not None:
            write(
                f"  Agreement between the two rankings: Spearman's rho "
                f"{appraised.agreement.spearman_rho:.2f}, Kendall's tau "
                f"{appraised.agreement.kendall_tau:.2f}."
            )
        write("")

    def _portfolio(self, choice: Choice) -> bool:
        """Writes the portfolio; returns whether it is infeasible."""
        write = self.stdout.write
        solution = choice.solution
        write("Portfolio")
        for reason in choice.left_aside:
            write(f"  {reason}")
        write(f"  Status: {solution.status}. {solution.message}")
        if solution.status == "infeasible":
            write("  Conflicting constraints:")
            for conflict in solution.conflicts:
                write(f"    - {conflict}")
            return True
        if solution.objective is None:
            return False
        gap = "—" if solution.gap is None else f"{solution.gap:.4%}"
        write(f"  Objective: {solution.objective:,.4f} (gap {gap})")
        write("  Funded:")
        for reference, share in solution.funded.items():
            write(f"    {reference} at {share:.0%}")
        write("  Why each candidate is in or out:")
        for reference, reason in choice.reasons.items():
            write(f"    {reference}: {reason}")
        write(f"  Grant by year (against budgets), total {_money(solution.total_cost)}:")
        budgets = choice.constraints.budget_by_year
        for year in sorted(set(solution.cost_by_year) | set(budgets)):
            budget = budgets.get(year)
            write(
                f"    {year}: {_money(solution.cost_by_year.get(year, 0.0))} of "
                f"{_money(budget) if budget is not None else 'no set budget'}"
            )
        if choice.constraints.budget_total is not None:
            write(f"    total budget {_money(choice.constraints.budget_total)}")
        explanation = choice.explanation
        if explanation is None:
            return False
        write("  Binding constraints:")
        for cost in explanation.binding or ():
            write(f"    - {cost.sentence}")
        if not explanation.binding:
            write("    none")
        write("  Next best left out:")
        for left in explanation.next_best:
            leaves = ", ".join(left.leaves) or "nothing"
            write(
                f"    - {left.id}: funding it would lower the objective by {left.drop:,.4f} "
                f"(leaves: {leaves})"
            )
        if not explanation.next_best:
            write("    none")
        write(f"  Greedy: {explanation.greedy.sentence}")
        return False
