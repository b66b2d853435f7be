"""The airoles explorer: ``streamlit run explorer_app.py``.

All the code lives in :mod:`airoles.explorer`; this file only starts it.
"""

from airoles.explorer.app import main

main()
