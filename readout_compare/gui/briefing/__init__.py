"""The briefing room: File ▸ Export… (the dialog, the writer run in the background or in a child
process), File ▸ Print… (the preview), Edit ▸ Copy selected groups as rich text.

Kept free of imports at package level: the PDF, Word and JSON writer child process
(``python -m readout_compare.gui.briefing.export_process``) imports this package first.
"""
