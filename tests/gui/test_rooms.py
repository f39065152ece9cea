"""The rooms talk through the window: what one room says reaches the other through the window's
signals and slots, never by one room reaching into another's widgets."""

from __future__ import annotations

from library_window import lib_window, library_url  # noqa: F401


def test_right_clicks_on_a_claim_and_a_table_row_bring_the_library_menus(lib_window, monkeypatch):
    """The comparison room says where the analyst right-clicked; the window asks the library room for the menu."""
    front, shown = lib_window.library, []

    class Shown:  # the menu, recorded instead of opened
        def __init__(self, menu):
            self.menu = menu

        def exec(self, where):
            shown.append([a.text() for a in self.menu.actions()])

    claim_menu, group_menu = front.claim_menu, front.group_menu
    monkeypatch.setattr(front, "claim_menu", lambda claim: Shown(claim_menu(claim)))
    monkeypatch.setattr(front, "group_menu", lambda claims: Shown(group_menu(claims)))
    view = lib_window.view.panes[0].view
    claim = view.claim_ids()[0]
    view.customContextMenuRequested.emit(view.visible_rect(claim).center())
    assert f"Tag {claim}…" in shown[-1]
    table = lib_window.table
    table.customContextMenuRequested.emit(table.visualRect(lib_window.proxy.index(0, 1)).center())
    assert len(shown) == 2 and {"Tag group…", "Note on group…"} <= set(shown[-1])
