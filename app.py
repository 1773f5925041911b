"""Loss Lab: the entry point. It only declares the page config, the navigation and the sidebar."""

import streamlit as st

from ui.content import section
from ui.page_style import page_style

st.set_page_config(page_title="Loss Lab", page_icon="🎯", layout="wide")
page_style()

PAGES = {
    "Basics": [
        # Served at the app's base URL. Streamlit answers a default page's url_path with "Page
        # not found", so /home, the address a student guesses from /mse or /huber, is a second,
        # hidden entry for the same page.
        st.Page("app_pages/home.py", title="Why loss functions", icon="🎯", url_path="", default=True),
        st.Page("app_pages/home.py", title="Why loss functions", icon="🎯", url_path="home",
                visibility="hidden"),
    ],
    "Regression": [
        st.Page("app_pages/mse.py", title="Mean squared error", icon="📐", url_path="mse"),
        st.Page("app_pages/mae.py", title="Mean absolute error", icon="📏", url_path="mae"),
        st.Page("app_pages/huber.py", title="Huber loss and smooth L1", icon="🪝", url_path="huber"),
        st.Page("app_pages/mape.py", title="MAPE", icon="💯", url_path="mape"),
        st.Page("app_pages/compare_regression.py", title="Compare regression losses", icon="📊",
                url_path="compare-regression"),
    ],
    "Classification": [
        st.Page("app_pages/binary_cross_entropy.py", title="Binary cross-entropy", icon="🪙", url_path="bce"),
        st.Page("app_pages/categorical_cross_entropy.py", title="Categorical cross-entropy", icon="🎲",
                url_path="cce"),
        st.Page("app_pages/sparse_categorical_cross_entropy.py", title="Sparse categorical cross-entropy",
                icon="🔢", url_path="sparse-cce"),
        st.Page("app_pages/hinge.py", title="Hinge", icon="🚪", url_path="hinge"),
        st.Page("app_pages/focal.py", title="Focal", icon="🔍", url_path="focal"),
        st.Page("app_pages/compare_classification.py", title="Compare classification losses", icon="📈",
                url_path="compare-classification"),
    ],
    "Beyond": [
        st.Page("app_pages/kl_divergence.py", title="KL divergence", icon="↔️", url_path="kl"),
        st.Page("app_pages/poisson.py", title="Poisson", icon="🐟", url_path="poisson"),
        st.Page("app_pages/triplet.py", title="Triplet", icon="🔺", url_path="triplet"),
        st.Page("app_pages/gan.py", title="GAN losses", icon="🎭", url_path="gan"),
        st.Page("app_pages/choosing.py", title="Choosing a loss", icon="🧭", url_path="choose"),
    ],
    "Practice": [
        st.Page("app_pages/quiz.py", title="Quiz", icon="✅", url_path="quiz"),
        st.Page("app_pages/training_lab.py", title="Training lab", icon="🏋️", url_path="training-lab"),
        st.Page("app_pages/your_data.py", title="Your own numbers", icon="📄", url_path="your-data"),
    ],
}

page = st.navigation(PAGES, expanded=True)  # a course: every lesson in view
with st.sidebar:
    st.markdown(section("app", "Sidebar"))
page.run()
