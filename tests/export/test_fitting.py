"""The pieces that fit account text to a format: only text is touched, and nothing is lost."""

from readout_compare.export.fitting import ELLIPSIS, ZWSP, break_long_runs, ellipsize, fit_cells, fit_headings


def test_ellipsize_keeps_what_fits_and_marks_what_was_cut():
    assert ellipsize("Élysée", 6) == "Élysée"
    assert ellipsize("Élysée Palace", 6) == "Élysé" + ELLIPSIS
    assert ellipsize("Élysée Palace", 8) == "Élysée" + ELLIPSIS  # no space before the ellipsis
    assert len(ellipsize("x" * 1000, 255)) == 255


def test_break_long_runs_touches_only_text_and_only_long_runs():
    markup = '<p title="' + "t" * 90 + '">international Donaudampfschifffahrtsgesellschaftskapitänswitwe ' + "ab" * 40 + " &amp;&amp;</p>"
    broken = break_long_runs(markup)
    assert broken.replace(ZWSP, "") == markup
    assert 't' * 90 in broken  # attributes untouched
    assert "Donaudampfschifffahrtsgesellschaftskapitänswitwe" in broken  # a long word is still a word
    assert ("ab" * 40) not in broken and "ab" * 5 + ZWSP in broken


def test_fit_cells_moves_the_rest_of_a_long_cell_to_a_note_and_loses_nothing():
    long = "word " * 2000
    markup = f"<html><body><table><tr><td><b>Label</b><div>{long}</div></td><td>short</td></tr></table></body></html>"
    fitted = fit_cells(markup, 100)
    cell = fitted[fitted.index("<td>") : fitted.index("</td>")]
    assert "continued in note 1" in cell and len(cell) < 400
    assert "<td>short</td>" in fitted
    note = fitted[fitted.index("Note 1.") :]
    assert "Label" in note and " ".join(long.split()) in " ".join(note.replace("</div>", " ").split())


def test_fit_headings_shortens_heading_cells_only():
    markup = f"<table><thead><tr><th scope=\"col\">{'&lt;b&gt;' * 100}</th></tr></thead><tr><td>{'x' * 500}</td></tr></table>"
    fitted = fit_headings(markup, 50)
    heading = fitted[fitted.index("<th") : fitted.index("</th>")]
    assert heading.endswith(ELLIPSIS) and "&lt;b&gt;" in heading and "<b>" not in heading
    assert "x" * 500 in fitted
