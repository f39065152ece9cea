"""New events in the library and events aligned again: File ▸ Import folder… (or a folder dropped
on the window), File ▸ Save to library…, Tools ▸ Glossary… and Tools ▸ Re-align event.

The engine runs on the controller's alignment thread, outside any transaction; the event is
stored in one short write. ``Storing`` is mixed into ``LibraryRoom``, which supplies
``controller``, ``current``, ``reading()``, ``undo_stack``, ``open_event``, ``refresh_list``,
``reload``, ``ask_title``, ``_dialog_parent`` and the signals ``message``, ``status`` and
``glossaryChanged``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from ...core.plural import counted
from ...store.errors import ConcurrentEditError


def folder_title(folder: str) -> str:
    """The title suggested for a folder's event: its name, in words."""
    return Path(folder).name.replace("-", " ").replace("_", " ").strip() or "Imported accounts"


class Storing:
    # -- storing new events -------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._dialog_parent(), "Import a folder of account files as one event")
        if folder:
            title = self.ask_title(folder_title(folder))
            if title:
                self.import_folder(folder, title)

    def import_folder(self, folder: str, title: str = "") -> None:
        title = title or folder_title(folder)
        self.status.emit(f"Importing {folder}…", 0)
        self.controller.store_accounts(title, None, folder=folder, done=self._stored, failed=self._store_failed)

    def save_to_library(self) -> None:
        reading = self.reading()
        if reading is None or self.current is not None:
            return
        comparison = reading.comparison
        title = self.ask_title(" / ".join(a.label for a in comparison.accounts))
        if title:
            self.controller.store_accounts(title, comparison.accounts, comparison, done=self._stored, failed=self._store_failed)

    def _stored(self, result) -> None:
        saved, duplicates = result
        self.refresh_list()
        self.open_event(saved.id)  # clears the message bar: what it said was about the event before
        self.status.emit("Stored in the library", 4000)
        if duplicates:
            lines = [
                f"the text of “{d.label}” is already in the library (event {d.event_id}: {d.event_title}, account “{d.existing_label}”)"
                for d in duplicates
            ]
            self.message.emit("Imported anyway, but " + "; ".join(lines) + ".")

    def _store_failed(self, message: str, _exc) -> None:
        self.status.emit("", 0)
        self.message.emit(f"Could not store the event: {message}")

    # -- glossary and re-alignment ------------------------------------------------------------------
    def edit_glossary(self) -> None:
        from .glossary_dialog import GlossaryDialog

        dialog = GlossaryDialog(self.controller.glossary, self._dialog_parent(), "Save and re-align this event" if self.current else "")
        if dialog.exec():
            self.save_glossary(dialog.groups(), realign=dialog.realign)

    def save_glossary(self, groups: list[list[str]], realign: bool = False) -> None:
        def saved(_text: str) -> None:
            self.glossaryChanged.emit(self.controller.glossary)  # file comparisons use it too
            self.status.emit(f"Glossary saved ({counted(len(groups), 'group')} of yours): used from the next comparison", 5000)
            if realign:
                self.realign()

        self.controller.save_glossary(groups, done=saved, failed=lambda m, _e: self.message.emit(f"Could not save the glossary: {m}"))

    def realign(self) -> None:
        if self.current is None:
            return
        event_id = self.current.event_id
        self.status.emit("Re-aligning the event…", 0)

        def done(_saved) -> None:
            self.status.emit("Re-aligned; your judgements were re-attached to the new claims", 5000)
            if self.current is not None and self.current.event_id == event_id:
                self.reload()

        def failed(message: str, exc) -> None:
            self.message.emit(f"Could not re-align the event: {message}")
            if isinstance(exc, ConcurrentEditError):
                self.undo_stack.clear()
                self.reload()

        self.controller.realign(event_id, done=done, failed=failed)
