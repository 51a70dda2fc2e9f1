"""The picture of who works with whom (pure): shared networks make edges, the table says the same."""

from __future__ import annotations

from anlaufstelle.networks import graph

ROWS = [
    (1, "AK Sprache", 10, "Awo"),
    (1, "AK Sprache", 11, "Caritas"),
    (1, "AK Sprache", 12, "Grundschule Nord"),
    (2, "Netzwerk Eltern", 10, "Awo"),
    (2, "Netzwerk Eltern", 11, "Caritas"),
    (3, "Allein", 13, "Moschee"),
]


def test_organisations_sharing_networks_are_linked_once_with_every_shared_network() -> None:
    picture = graph.build(ROWS)
    assert [n.name for n in picture.nodes] == ["Awo", "Caritas", "Grundschule Nord", "Moschee"]
    edges = {(e.a.name, e.b.name): e.networks for e in picture.edges}
    assert edges == {
        ("Awo", "Caritas"): ("AK Sprache", "Netzwerk Eltern"),
        ("Awo", "Grundschule Nord"): ("AK Sprache",),
        ("Caritas", "Grundschule Nord"): ("AK Sprache",),
    }
    moschee = next(n for n in picture.nodes if n.name == "Moschee")
    assert moschee.degree == 0
    for node in picture.nodes:  # inside the view box
        assert 0 <= node.x <= graph.SIZE and 0 <= node.y <= graph.SIZE


def test_the_table_lists_every_organisation_with_its_partners() -> None:
    table = dict(graph.partners_table(ROWS))
    assert table["Awo"] == [("Caritas", ["AK Sprache", "Netzwerk Eltern"]), ("Grundschule Nord", ["AK Sprache"])]
    assert table["Moschee"] == []


def test_an_empty_centre_and_a_huge_one() -> None:
    assert graph.build([]).nodes == []
    rows = [(1, "Groß", pk, f"Org {pk:04d}") for pk in range(graph.MAX_NODES + 30)]
    picture = graph.build(rows)
    assert picture.truncated and len(picture.nodes) == graph.MAX_NODES
    assert len(graph.partners_table(rows)) == graph.MAX_NODES + 30
