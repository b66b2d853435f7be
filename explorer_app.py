"""The airoles explorer: ``streamlit run explorer_app.py``.

All the code lives in :mod:`airoles_kg.explorer`; this file only starts it.
"""

from airoles_kg.explorer.app import main

main()
