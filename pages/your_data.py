import streamlit as st

st.title("(being written)")
