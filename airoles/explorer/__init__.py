"""The Streamlit explorer (``streamlit run explorer_app.py``): one module per page, plus the interface
strings (:mod:`~airoles.explorer.i18n`), URL state (:mod:`~airoles.explorer.urlstate`), cached resources
(:mod:`~airoles.explorer.resources`) and drawing helpers (:mod:`~airoles.explorer.network`)."""
