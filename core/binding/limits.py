"""The limits a store's assets must keep (docs/RULES.md, "Binding"): :func:`check` evaluates every limit on the set
the store would hold afterwards and returns every violation at once, in the product's words; :func:`ensure_allowed`
raises :class:`~core.binding.model.SelectionRefused` carrying them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.binding.model import (
    MAX_BUSINESSES,
    MAX_PAGES,
    AssetKind,
    AssetSpec,
    Rule,
    SelectionRefused,
    Violation,
)
from core.shared import words
from core.shared.i18n import N_, _, ngettext


@dataclass(frozen=True)
class Plan:
    name: str
    ad_account_limit: int


def _fix(n: int, kind: AssetKind, adding: bool) -> str:
    """What to do about ``n`` too many: in the wizard, deselect; when adding to what is bound, disconnect first."""
    if not adding:
        return _("Deselect {n}.").format(n=words.number(n))
    if kind is AssetKind.BUSINESS:
        return words.count(n, "Disconnect {n} Business Manager first.", "Disconnect {n} Business Managers first.")
    if kind is AssetKind.PAGE:
        return words.count(n, "Disconnect {n} Page first.", "Disconnect {n} Pages first.")
    return words.count(
        n,
        "Disconnect {n} ad account first, or ask for a larger plan.",
        "Disconnect {n} ad accounts first, or ask for a larger plan.",
    )


# Business Managers and Pages over their limit: how many, in the wizard (selected) or when adding (would be bound).
_COUNTED = {
    (AssetKind.BUSINESS, False): N_("Business Managers: {count} selected, the limit is {limit}."),
    (AssetKind.BUSINESS, True): N_("Business Managers: {count} would be bound, the limit is {limit}."),
    (AssetKind.PAGE, False): N_("Pages: {count} selected, the limit is {limit}."),
    (AssetKind.PAGE, True): N_("Pages: {count} would be bound, the limit is {limit}."),
}


def check(resulting: Iterable[AssetSpec], plan: Plan, *, adding: bool = False) -> list[Violation]:
    """Every limit, on the set of assets the store would hold; every violation, not just the first.

    ``adding``: the set is what is bound plus what a rebind or a Google Ads bind adds (nothing to deselect: the
    words say what would be bound and what to disconnect); otherwise it is the wizard's selection."""
    by_kind: dict[AssetKind, list[AssetSpec]] = {k: [] for k in AssetKind}
    for spec in resulting:
        by_kind[spec.kind].append(spec)
    out: list[Violation] = []
    n = words.number

    for kind, rule, most in (
        (AssetKind.BUSINESS, Rule.BUSINESSES, MAX_BUSINESSES),
        (AssetKind.PAGE, Rule.PAGES, MAX_PAGES),
    ):
        held = len(by_kind[kind])
        if held > most:
            said = _(_COUNTED[kind, adding]).format(count=n(held), limit=n(most))
            out.append(Violation(rule, most, held, words.sentences([said, _fix(held - most, kind, adding)])))
    fb, google = len(by_kind[AssetKind.AD_ACCOUNT]), len(by_kind[AssetKind.GOOGLE_ADS])
    if fb + google > plan.ad_account_limit:
        if adding:
            said = _(
                "Ad accounts (Facebook + Google): {count} would be bound ({facebook} Facebook + {google} Google), "
                "the limit of the {plan} plan is {limit}."
            )
        else:
            said = _(
                "Ad accounts (Facebook + Google): {count} selected ({facebook} Facebook + {google} Google), "
                "the limit of the {plan} plan is {limit}."
            )
        said = said.format(
            count=n(fb + google), facebook=n(fb), google=n(google), plan=plan.name, limit=n(plan.ad_account_limit)
        )
        fix = _fix(fb + google - plan.ad_account_limit, AssetKind.AD_ACCOUNT, adding)
        out.append(Violation(Rule.AD_ACCOUNTS, plan.ad_account_limit, fb + google, words.sentences([said, fix])))
    bad_pixels = [
        p
        for p in by_kind[AssetKind.PIXEL]
        if p.attributes.get("domain_settings") and p.attributes.get("domain_settings_refusal")
    ]
    if bad_pixels:
        said = words.count(
            len(bad_pixels),
            "Domain Settings: on for {n} pixel that may not have it.",
            "Domain Settings: on for {n} pixels that may not have it.",
        )
        reasons = words.sentences(
            _("{pixel}: {reason}").format(pixel=p.name, reason=p.attributes["domain_settings_refusal"])
            for p in bad_pixels
        )
        rule = _(
            "It may only be on when the store's website domain is verified by the pixel's Business Manager and the "
            "pixel received events recently. Turn it off for {pixels}."
        ).format(pixels=words.listing([p.name for p in bad_pixels]))
        out.append(
            Violation(
                Rule.DOMAIN_SETTINGS,
                0,
                len(bad_pixels),
                words.sentences([said, reasons, rule]),
                tuple(p.key.external_id for p in bad_pixels),
            )
        )
    unpublished = [p for p in by_kind[AssetKind.PAGE] if p.attributes.get("is_published") is False]
    if unpublished:
        if adding:
            said = ngettext(
                "Unpublished Pages: {names} is not published, and an unpublished Page cannot be bound. "
                "Leave out {names}.",
                "Unpublished Pages: {names} are not published, and an unpublished Page cannot be bound. "
                "Leave out {names}.",
                len(unpublished),
            )
        else:
            said = ngettext(
                "Unpublished Pages: {names} is not published, and an unpublished Page cannot be bound. "
                "Deselect {names}.",
                "Unpublished Pages: {names} are not published, and an unpublished Page cannot be bound. "
                "Deselect {names}.",
                len(unpublished),
            )
        out.append(
            Violation(
                Rule.UNPUBLISHED_PAGES,
                0,
                len(unpublished),
                said.format(names=words.listing([p.name for p in unpublished])),
                tuple(p.key.external_id for p in unpublished),
            )
        )
    return out


def ensure_allowed(
    resulting: Iterable[AssetSpec], plan: Plan, extra: Sequence[Violation] = (), *, adding: bool = False
) -> None:
    violations = [*extra, *check(resulting, plan, adding=adding)]
    if violations:
        raise SelectionRefused(violations)
