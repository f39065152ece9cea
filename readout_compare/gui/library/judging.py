"""What the analyst can judge about the claims of a stored event, and the menus that offer it.

Link, unlink, change a relation, mark a group reviewed, tag, note, edit or remove a note, split a
claim or merge it with the next: each is one of the store's undoable changes (``store.commands``), pushed as a ``StoreCommand`` on the
library room's undo stack. The context menus of a claim and of a claims-table row are built
here; the comparison room says where the analyst right-clicked, the window asks for the menu.

``Judging`` is mixed into ``LibraryRoom``, which supplies what it reads: ``current`` (the stored
event on show), ``controller``, ``undo_stack``, ``author``, ``last_claim``, ``selected_claims()``
and the signals ``message`` and ``status``. The ``ask_*`` methods are where the analyst is asked
(tests replace them).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from ...core.explain import possible_counterpart
from ...store import commands
from .judgements import TAGS
from .link_dialog import RELATIONS, LinkDialog
from .undo import StoreCommand


class Judging:
    # -- asking the analyst (tests replace these) --------------------------------------------------
    def _dialog_parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def ask_tag(self, what: str) -> str | None:
        tag, ok = QInputDialog.getItem(self._dialog_parent(), "Tag", f"Tag for {what}:", list(TAGS), 0, True)
        return tag.strip() if ok and tag.strip() else None

    def ask_note(self, what: str, text: str = "") -> str | None:
        note, ok = QInputDialog.getMultiLineText(self._dialog_parent(), "Note", f"Note on {what}:", text)
        return note if ok and note.strip() else None

    def ask_title(self, suggested: str) -> str | None:
        title, ok = QInputDialog.getText(self._dialog_parent(), "Store in the library", "Title of the event:", text=suggested)
        return title.strip() if ok and title.strip() else None

    def ask_split(self, claim) -> int | None:
        """Where to cut the claim (characters into its text), or None when the analyst cancels."""
        from .split_dialog import SplitDialog

        dialog = SplitDialog(claim, self._dialog_parent())
        return dialog.cut() if dialog.exec() else None

    def confirm_delete(self, title: str) -> bool:
        answer = QMessageBox.question(
            self._dialog_parent(), "Delete event",
            f"Delete “{title}” with its accounts and your judgements?\n\nEdit ▸ Undo brings it back while this window is open.",
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- judgements ---------------------------------------------------------------------------------
    def _push(self, change, event_id: int, version: int | None, text: str = "") -> None:
        if not self.controller.is_open:
            self.message.emit("The library is not open; nothing was saved.")
            return
        self.undo_stack.push(StoreCommand(change, self.controller, event_id, version, self._step_done, self._step_failed, text))

    def _judge(self, change) -> None:
        if self.current is None:
            self.message.emit("Save this comparison to the library first (File ▸ Save to library): judgements are kept with stored events.")
            return
        self._push(change, self.current.event_id, self.current.stored.version)

    def link(self, a: str, b: str, relation: str = "match") -> None:
        if self.current is not None:
            self._judge(commands.link(self.current.event_id, a, b, relation, self.author))

    def unlink(self, a: str, b: str) -> None:
        if self.current is not None:
            self._judge(commands.unlink(self.current.event_id, a, b, self.author))

    def set_relation(self, a: str, b: str, relation: str) -> None:
        if self.current is not None:
            self._judge(commands.set_relation(self.current.event_id, a, b, relation, self.author))

    def mark_reviewed(self, claims, reviewed: bool = True) -> None:
        if self.current is not None and claims:
            self._judge(commands.mark_reviewed(self.current.event_id, tuple(claims), reviewed, self.author))

    def toggle_reviewed(self, claims) -> None:
        if self.current is not None and self._need_group(claims):
            self.mark_reviewed(claims, not all(self.current.is_reviewed(c) for c in claims))

    def link_to_review(self):
        """The selected group's least sure link still to review (core.review), or None with the reason said."""
        claims = self.selected_claims()
        if not self._need_group(claims) or self.current is None:
            return None
        link = self.current.review.current_link(self.current.group_of(claims[0]))
        if link is None:
            self.status.emit("Nothing to review in this group: each of its links is already yours, or it has none", 4000)
        return link

    def accept_link(self) -> None:
        """Confirm the link as the engine made it: a link judgement with the same relation (undoable)."""
        link = self.link_to_review()
        if link is not None:
            a, b = link.claims
            self._push(commands.link(self.current.event_id, a, b, link.relation.value, self.author), self.current.event_id,
                       self.current.stored.version, f"Accept {a} — {b} ({link.relation.value})")

    def reject_link(self) -> None:
        """Remove the link: an unlink judgement (undoable)."""
        link = self.link_to_review()
        if link is not None:
            a, b = link.claims
            self._push(commands.unlink(self.current.event_id, a, b, self.author), self.current.event_id,
                       self.current.stored.version, f"Reject {a} — {b} ({link.relation.value})")

    def annotate(self, claims, tag: str = "", note: str = "") -> None:
        if self.current is not None and claims:
            self._judge(commands.Annotate(self.current.event_id, tuple(claims), tag, note, self.author))

    def _need_group(self, claims) -> bool:
        if not claims:
            self.status.emit("Select a group first: click a claim, or a row of the claims table", 4000)
        return bool(claims)

    def ask_and_tag(self, claims) -> None:
        if self._need_group(claims) and self.current is not None:
            tag = self.ask_tag(" + ".join(claims))
            if tag:
                self.annotate(claims, tag=tag)

    def ask_and_note(self, claims) -> None:
        if self._need_group(claims) and self.current is not None:
            note = self.ask_note(" + ".join(claims))
            if note:
                self.annotate(claims, note=note)

    def ask_and_edit_note(self, annotation) -> None:
        note = self.ask_note(" + ".join(annotation.claims), annotation.note)
        if note is not None and self.current is not None:
            self._judge(commands.EditAnnotation(annotation.id, note=note))

    def remove_annotation(self, annotation_id: int) -> None:
        if self.current is not None:
            self._judge(commands.RemoveAnnotation(self.current.event_id, annotation_id))

    def remove_judgement(self, kind: str, item_id: int) -> None:
        """Remove a judgement or an annotation from the list (an orphaned one, typically)."""
        if self.current is None:
            return
        if kind == "annotation":
            self.remove_annotation(item_id)
        else:
            self._judge(commands.RemoveJudgement(self.current.event_id, item_id))

    def split_claim(self, claim_id: str, at: int | None = None) -> None:
        """Cut a claim in two (``at``: characters into its text; None: ask where). The event is
        then aligned again with the analyst's claims; Undo puts the claim back whole."""
        if self.current is None:
            return
        if at is None:
            at = self.ask_split(self.current.comparison.claim(claim_id))
            if at is None:
                return
        self.status.emit(f"Splitting {claim_id} and aligning the event again…", 0)
        self._judge(commands.SplitClaim(self.current.event_id, claim_id, at, self.author))

    def next_claim(self, claim_id: str) -> str | None:
        """The claim after this one in its account, if any (what "Merge with next claim" joins it to)."""
        comparison = self.current.comparison
        claim = comparison.claim(claim_id)
        mine = comparison.claims[claim.account]
        return mine[claim.index + 1].id if claim.index + 1 < len(mine) else None

    def merge_with_next(self, claim_id: str) -> None:
        if self.current is None:
            return
        following = self.next_claim(claim_id)
        if following is None:
            self.status.emit(f"{claim_id} is the last claim of its account: nothing to merge it with", 4000)
            return
        self.status.emit(f"Merging {claim_id} and {following} and aligning the event again…", 0)
        self._judge(commands.MergeClaims(self.current.event_id, claim_id, following, self.author))

    def link_dialog(self) -> None:
        if self.current is None:
            return
        selected = self.selected_claims()
        dialog = LinkDialog(self.current, selected[0] if selected else None, self._dialog_parent())
        if dialog.exec():
            a, b, relation = dialog.choice()
            if self.current.comparison.claim(a).account == self.current.comparison.claim(b).account:
                self.message.emit("Only claims of different accounts can be linked.")
                return
            self.link(a, b, relation)

    # -- context menus ------------------------------------------------------------------------------
    def show_claim_menu(self, claim_id: str, where) -> None:
        """The analyst right-clicked a claim (``where``: global position)."""
        self.claim_menu(claim_id).exec(where)

    def show_group_menu(self, claims, where) -> None:
        """The analyst right-clicked a row of the claims table."""
        self.group_menu(claims).exec(where)

    def claim_menu(self, claim_id: str) -> QMenu:
        """What the analyst can judge about one claim (and its group)."""
        menu = QMenu(self._dialog_parent())
        if self.current is None or self.controller.read_only:
            self._not_stored(menu)
            return menu
        comparison = self.current.comparison
        claim = comparison.claim(claim_id)
        other = self.last_claim
        linked = {comparison.partner(ln, claim_id).id: ln for ln in comparison.links_of(claim_id)}
        if other and other in self.current.group_index and comparison.claim(other).account != claim.account and other not in linked:
            sub = menu.addMenu(f"Link {claim_id} with {other}")
            for relation in RELATIONS:
                sub.addAction(f"as {relation.value}").triggered.connect(lambda _c=False, r=relation.value: self.link(claim_id, other, r))
        menu.addAction(self.link_action)
        for partner, link in linked.items():
            chance = possible_counterpart(link)
            what = link.relation.value if chance is None else f"{link.relation.value}; possibly its counterpart, {chance:.0%} likely"
            sub = menu.addMenu(f"{claim_id} — {partner} ({what})")
            for relation in RELATIONS:
                if relation is not link.relation:
                    sub.addAction(f"Make it {relation.value}").triggered.connect(
                        lambda _c=False, p=partner, r=relation.value: self.set_relation(claim_id, p, r))
            sub.addAction("Unlink").triggered.connect(lambda _c=False, p=partner: self.unlink(claim_id, p))
        menu.addSeparator()
        self._boundary_entries(menu, claim_id)
        menu.addSeparator()
        menu.addAction(f"Tag {claim_id}…").triggered.connect(lambda: self.ask_and_tag([claim_id]))
        menu.addAction(f"Note on {claim_id}…").triggered.connect(lambda: self.ask_and_note([claim_id]))
        self._annotation_entries(menu, [claim_id])
        menu.addSeparator()
        self._group_entries(menu, self.current.groups[self.current.group_of(claim_id)].claims)
        return menu

    def group_menu(self, claims) -> QMenu:
        menu = QMenu(self._dialog_parent())
        if self.current is None or self.controller.read_only:
            self._not_stored(menu)
            return menu
        comparison = self.current.comparison
        for link in comparison.links:
            if set(link.claims) <= set(claims):
                a, b = link.claims
                sub = menu.addMenu(f"{a} — {b} ({link.relation.value})")
                for relation in RELATIONS:
                    if relation is not link.relation:
                        sub.addAction(f"Make it {relation.value}").triggered.connect(lambda _c=False, a=a, b=b, r=relation.value: self.set_relation(a, b, r))
                sub.addAction("Unlink").triggered.connect(lambda _c=False, a=a, b=b: self.unlink(a, b))
        self._group_entries(menu, claims)
        menu.addSeparator()
        for cid in claims:
            self._boundary_entries(menu, cid, named=len(claims) > 1)
        return menu

    def _boundary_entries(self, menu: QMenu, claim_id: str, named: bool = False) -> None:
        """Split the claim, merge it with the next one (``named``: say which claim, for a table row of several)."""
        following = self.next_claim(claim_id)
        split = menu.addAction(f"Split {claim_id}…" if named else "Split claim…")
        split.setToolTip(f"Cut {claim_id} in two; the event is aligned again with your claims (Edit ▸ Undo puts it back)")
        split.setEnabled(len(self.current.comparison.claim(claim_id).text.split()) > 1)
        split.triggered.connect(lambda: self.split_claim(claim_id))
        merge = menu.addAction(f"Merge {claim_id} with next claim" if named else "Merge with next claim")
        merge.setToolTip(f"Join {claim_id} and {following} into one claim" if following else f"{claim_id} is the last claim of its account")
        merge.setEnabled(following is not None)
        merge.triggered.connect(lambda: self.merge_with_next(claim_id))

    def _group_entries(self, menu: QMenu, claims) -> None:
        claims = tuple(claims)
        reviewed = all(self.current.is_reviewed(c) for c in claims)
        label = "Mark group not reviewed" if reviewed else "Mark group reviewed"
        menu.addAction(label).triggered.connect(lambda: self.mark_reviewed(claims, not reviewed))
        menu.addAction("Tag group…").triggered.connect(lambda: self.ask_and_tag(claims))
        menu.addAction("Note on group…").triggered.connect(lambda: self.ask_and_note(claims))
        if len(claims) > 1:
            self._annotation_entries(menu, claims, exact=True)

    def _annotation_entries(self, menu: QMenu, claims, exact: bool = False) -> None:
        for annotation in self.current.stored.annotations:
            if annotation.orphaned:
                continue
            if exact and set(annotation.claims) != set(claims):
                continue
            if not exact and not set(annotation.claims) & set(claims):
                continue
            what = annotation.tag or (annotation.note.strip().splitlines() or [""])[0][:40]
            if annotation.note.strip():
                menu.addAction(f"Edit note “{what}”…").triggered.connect(lambda _c=False, a=annotation: self.ask_and_edit_note(a))
            menu.addAction(f"Remove “{what}”").triggered.connect(lambda _c=False, a=annotation: self.remove_annotation(a.id))

    def _not_stored(self, menu: QMenu) -> None:
        if self.controller.read_only:
            menu.addAction(f"The library is read-only ({self.controller.read_only}): nothing can be changed").setEnabled(False)
            return
        note = menu.addAction("Judgements are kept for events in the library")
        note.setEnabled(False)
        menu.addAction(self.save_action)
