"""What the dashboard and `veille report` show the same way: French names of labels, the French number
formatter, tidy frames for charts and tables, and the Altair chart specs.

Pure functions over plain rows and DataFrames: no database, no Streamlit. `dashboard` and `veille` may
import it; it imports none of the project's other rooms.
"""
