"""The library room: the browser of stored events, the controller (the database worker), the
analyst's judgements and their undo, the glossary dialog.

It imports nothing from the comparison or the briefing rooms; the window shows the readings it
loads and tells it what happened on screen.
"""
