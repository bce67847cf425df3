"""The Jinja2 environment of the public pages.

Wires Django's ``static`` and ``url``, the response's CSP nonce, the en-GB formatting filters
and govuk-frontend-jinja's templates, so that
``{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}`` works.
"""

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, pass_context
from jinja2.runtime import Context

from . import formatting


def url(viewname: str, /, *args: Any, **kwargs: Any) -> str:
    """``url("web:home")``, ``url("blank-template", kind="projects")``."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


@pass_context
def csp_nonce(context: Context) -> str:
    """The nonce of this response's Content-Security-Policy, or "" outside a request.

    django-csp adds the nonce to the header only when it has been read, so inline scripts must
    take it from here."""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""


def environment(**options: Any) -> Environment:
    govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    options["loader"] = ChoiceLoader([options["loader"], govuk])
    env = Environment(**options)
    env.globals.update({"static": static, "url": url, "csp_nonce": csp_nonce})
    env.filters.update(
        {
            "money": formatting.money,
            "money_total": formatting.money_total,
            "money_short": formatting.money_short,
            "number": formatting.number,
            "percent": formatting.percent,
            "long_date": formatting.long_date,
        }
    )
    return env
