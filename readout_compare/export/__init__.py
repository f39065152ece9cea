"""Briefings and reports made from a comparison.

briefing.py   the briefing model every format reads (title, accounts, aligned groups, omissions,
              conflicts, the analyst's tags and notes); pure Python
writers.py    write_briefing(comparison, format, path, ...): the one entry point, whole files only
html_form.py  self-contained HTML, and HTML fragments of selected groups for the clipboard
pdf_form.py   PDF laid out by Qt (QTextDocument on a QPdfWriter), A4 or US Letter
docx_form.py  Word (python-docx)
csv_form.py   one row per alignment group
json_form.py  the ``align`` contract plus judgements
text_report.py the terminal report
"""
