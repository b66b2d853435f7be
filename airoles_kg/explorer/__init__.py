"""The Streamlit explorer (``streamlit run explorer_app.py``): one module per page, plus the interface
strings (:mod:`~airoles_kg.explorer.i18n`), URL state (:mod:`~airoles_kg.explorer.urlstate`), cached resources
(:mod:`~airoles_kg.explorer.resources`) and drawing helpers (:mod:`~airoles_kg.explorer.network`)."""
