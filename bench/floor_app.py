"""The floor: the smallest Streamlit app a slider can drive (one slider, one `st.write`).

Every figure of the bench is also taken for this app, in the same run, so a lesson page is
judged by its ratio to what Streamlit itself costs on this machine at that moment.
"""

import streamlit as st

value = st.slider("Floor value", 0.0, 10.0, 5.0, 0.1, key="floor_value")
st.write(value)
