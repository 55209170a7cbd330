"""Reads for the linkage pages: matches of the user's municipalities, one signal's, regional counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for

from .models import ContactRequest, LinkKind, Match, MatchStatus, UnreadableField

PAGE_SIZE = 25


@dataclass(frozen=True)
class MatchFilters:
    kind: str = ""
    status: str = ""  # "" = new and confirmed
    municipality: int | None = None  # the other side's
    reference: str = ""  # our own signal's reference


def visible_matches(user):
    return Match.objects.visible_to(user, include_emergency=False).shown()


def matches_page(user, filters: MatchFilters, page_number=1):
    queryset = visible_matches(user).select_related("municipality_a", "municipality_b")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.reference:
        own_ids = sorted(scope_for(user).municipalities_for(Role.FOCAL_OFFICER))
        queryset = queryset.filter(Q(signal_a__reference=filters.reference, municipality_a_id__in=own_ids)
                                   | Q(signal_b__reference=filters.reference, municipality_b_id__in=own_ids))
    if filters.municipality:
        queryset = queryset.filter(Q(municipality_a_id=filters.municipality)
                                   | Q(municipality_b_id=filters.municipality))
    paginator = Paginator(queryset.order_by("-found_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(page_number)
    own = scope_for(user).municipalities_for(Role.FOCAL_OFFICER)
    for match in page.object_list:
        match.side = match.side_of(own)
        match.other = match.other_municipality(match.side)
        match.own_signal = match.own_signal_id(match.side)
    return page


def signal_matches(user, signal_id: int) -> list[Match]:
    own = scope_for(user).municipalities_for(Role.FOCAL_OFFICER)
    matches = list(visible_matches(user).filter(Q(signal_a_id=signal_id) | Q(signal_b_id=signal_id))
                   .select_related("municipality_a", "municipality_b"))
    for match in matches:
        match.side = "a" if match.signal_a_id == signal_id else "b"
        match.other = match.other_municipality(match.side)
        match.other_is_own = match.other_municipality_id(match.side) in own
    return matches


def unreadable_fields(signal_id: int) -> list[UnreadableField]:
    return list(UnreadableField.objects.filter(signal_id=signal_id).order_by("kind", "field"))


def contact_requests(match: Match) -> list[ContactRequest]:
    return list(match.contact_requests.select_related("from_municipality", "to_municipality", "requested_by",
                                                      "decided_by"))


def _clusters(edges) -> list[set[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for node in list(parent):
        groups.setdefault(find(node), set()).add(node)
    return list(groups.values())


def regional_picture(user) -> list[dict]:
    """Per kind, over the chain director's regions: linked clusters (entities joined by matches that
    are not false), how many span more than one municipality, and the matches. Counts only."""
    regions = sorted(scope_for(user).regions_for(Role.CHAIN_DIRECTOR))
    if not regions:
        return []
    rows = (Match.objects.exclude(status=MatchStatus.FALSE)
            .filter(Q(region_a_id__in=regions) | Q(region_b_id__in=regions))
            .values_list("kind", "entity_a_id", "entity_b_id", "municipality_a_id", "municipality_b_id", "status"))
    by_kind: dict[str, dict] = {}
    for kind, a, b, muni_a, muni_b, status in rows:
        entry = by_kind.setdefault(kind, {"edges": [], "municipality": {}, "matches": 0, "confirmed": 0})
        entry["edges"].append((a, b))
        entry["municipality"][a], entry["municipality"][b] = muni_a, muni_b
        entry["matches"] += 1
        entry["confirmed"] += status == MatchStatus.CONFIRMED
    labels = dict(LinkKind.choices)
    picture = []
    for kind in sorted(by_kind):
        entry = by_kind[kind]
        clusters = _clusters(entry["edges"])
        across = sum(1 for c in clusters if len({entry["municipality"][e] for e in c}) > 1)
        picture.append({"kind": kind, "label": labels.get(kind, kind), "clusters": len(clusters),
                        "across": across, "matches": entry["matches"], "confirmed": entry["confirmed"]})
    return picture


def signal_remote_matches(user, signal_id: int):
    from .models import RemoteMatch

    return list(RemoteMatch.objects.visible_to(user, include_emergency=False).filter(signal_id=signal_id)
                .exclude(status=MatchStatus.FALSE).select_related("installation"))
