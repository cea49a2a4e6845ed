"""`veille report`: the period's report of the own brand against its competitors, in HTML or PDF, to send.

`period` reads `--period`; `content` gathers the figures with the dashboard's queries and words them with
`presentation`; `render` writes the self-contained HTML and prints the PDF.
"""
