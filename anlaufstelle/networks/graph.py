"""Who works with whom: organisations linked by the networks they share, laid out on a circle (pure).

The input is (network id, network name, organisation id, organisation name) rows; the output is
what the template needs to draw an SVG without script: node positions, and one edge per pair of
organisations with the networks they share. A circle keeps the layout stable and readable for the
sizes a centre has (tens of organisations); the table beside it is the text alternative.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

SIZE = 640  # the SVG's view box is SIZE × SIZE
MARGIN = 150  # room for the labels outside the circle
MAX_NODES = 120


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label: "start" on the right half, "end" on the left
    degree: int  # how many organisations it shares a network with


@dataclass(frozen=True)
class Edge:
    a: Node
    b: Node
    networks: tuple[str, ...]

    @property
    def width(self) -> float:
        return min(1.0 + len(self.networks), 6.0)


@dataclass(frozen=True)
class Picture:
    nodes: list[Node]
    edges: list[Edge]
    size: int = SIZE
    truncated: bool = False


def build(rows: Iterable[tuple[int, str, int, str]]) -> Picture:
    """Nodes on a circle in name order, and the edges between organisations sharing a network."""
    members: dict[int, dict[int, str]] = defaultdict(dict)
    network_names: dict[int, str] = {}
    org_names: dict[int, str] = {}
    for network_id, network_name, org_id, org_name in rows:
        members[network_id][org_id] = org_name
        network_names[network_id] = network_name
        org_names[org_id] = org_name
    shared: dict[tuple[int, int], list[str]] = defaultdict(list)
    for network_id, orgs in members.items():
        for a, b in combinations(sorted(orgs), 2):
            shared[(a, b)].append(network_names[network_id])
    degree: dict[int, int] = defaultdict(int)
    for a, b in shared:
        degree[a] += 1
        degree[b] += 1
    order = sorted(org_names, key=lambda pk: (org_names[pk].casefold(), pk))
    truncated = len(order) > MAX_NODES
    if truncated:  # the best-connected first; the table still lists every one
        order = sorted(sorted(order, key=lambda pk: -degree[pk])[:MAX_NODES], key=lambda pk: org_names[pk].casefold())
    centre = SIZE / 2
    radius = SIZE / 2 - MARGIN
    nodes: dict[int, Node] = {}
    for i, pk in enumerate(order):
        angle = 2 * math.pi * i / max(len(order), 1) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        nodes[pk] = Node(
            id=pk,
            name=org_names[pk],
            x=round(centre + radius * cos, 1),
            y=round(centre + radius * sin, 1),
            label_x=round(centre + (radius + 10) * cos, 1),
            label_y=round(centre + (radius + 10) * sin + 4, 1),
            anchor="start" if cos >= -1e-9 else "end",
            degree=degree[pk],
        )
    edges = [
        Edge(nodes[a], nodes[b], tuple(sorted(names, key=str.casefold)))
        for (a, b), names in sorted(shared.items())
        if a in nodes and b in nodes
    ]
    return Picture(nodes=list(nodes.values()), edges=edges, truncated=truncated)


def partners_table(rows: Iterable[tuple[int, str, int, str]]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The text alternative: each organisation with the organisations it shares networks with, and which."""
    rows = list(rows)
    picture_edges: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    names: dict[int, str] = {}
    network_names: dict[int, str] = {}
    for network_id, network_name, org_id, org_name in rows:
        members[network_id].append((org_id, org_name))
        names[org_id] = org_name
        network_names[network_id] = network_name
    for network_id, orgs in members.items():
        for a, _ in orgs:
            for b, _ in orgs:
                if a != b:
                    picture_edges[a][b].append(network_names[network_id])
    table = []
    for pk in sorted(names, key=lambda k: (names[k].casefold(), k)):
        partners = sorted(picture_edges[pk].items(), key=lambda item: names[item[0]].casefold())
        table.append((names[pk], [(names[b], sorted(set(n))) for b, n in partners]))
    return table
