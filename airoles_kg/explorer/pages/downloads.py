"""Downloads page: the exports of :mod:`airoles_kg.export`, generated in memory when a button is clicked."""

from __future__ import annotations

import io
import zipfile
from functools import partial

import streamlit as st

from airoles_kg import export
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import t
from airoles_kg.export.rdf import RDF_FORMATS

PARAMS = ("graph",)
MEDIA_TYPES = {
    **{name: f.media_type for name, f in RDF_FORMATS.items()},
    "schemaorg": "application/ld+json",
    "csv": "application/zip",
    "csv-excel": "application/zip",
}
EXTENSIONS = {
    **{name: f.extension for name, f in RDF_FORMATS.items()},
    "schemaorg": "jsonld",
    "csv": "zip",
    "csv-excel": "zip",
}


@st.cache_data(show_spinner=False, max_entries=16)
def export_bytes(fmt: str, inferred: bool, lang: str) -> bytes:
    """One export as bytes (the CSV tables zipped into one file)."""
    graph = resources.inferred() if inferred else resources.asserted()
    data = export.render(graph, fmt, lang)
    if isinstance(data, dict):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(data):
                # A fixed date: the same graph gives the same zip, byte for byte.
                archive.writestr(
                    zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)),
                    data[name],
                    compress_type=zipfile.ZIP_DEFLATED,
                )
        return buffer.getvalue()
    return data


def render(lang: str) -> None:
    """Draw the Downloads page."""
    st.header(t("downloads_title", lang))
    st.caption(t("downloads_intro", lang))
    choices = ["asserted", "inferred"]
    urlstate.init_state(
        urlstate.wkey("downloads_graph"), choices, lambda: urlstate.param("graph"), default="asserted"
    )
    which = st.radio(
        t("which_graph", lang),
        choices,
        key=urlstate.wkey("downloads_graph"),
        horizontal=True,
        format_func=lambda c: t(f"graph_{c}", lang),
    )
    urlstate.set_params(graph=which if which != "asserted" else None)
    inferred = which == "inferred"
    stem = "airoles-inferred" if inferred else "airoles"
    for fmt in export.FORMATS:
        col_text, col_button = st.columns([3, 1])
        col_text.markdown(f"**{t(f'format_{fmt}', lang)}**  \n{t(f'format_{fmt}_about', lang)}")
        suffix = f"-{lang}" if fmt == "schemaorg" else "-excel" if fmt == "csv-excel" else ""
        col_button.download_button(
            t("download", lang),
            data=partial(export_bytes, fmt, inferred, lang),  # generated only when clicked
            file_name=f"{stem}{suffix}.{EXTENSIONS[fmt]}",
            mime=MEDIA_TYPES[fmt],
            key=f"download_{fmt}",
            icon=":material/download:",
            on_click="ignore",
        )
