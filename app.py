"""Loss Lab: the entry point. It only declares the page config, the navigation and the sidebar."""

import streamlit as st

from ui.content import section

st.set_page_config(page_title="Loss Lab", page_icon="🎯", layout="wide")

PAGES = {
    "Basics": [
        st.Page("pages/home.py", title="Why loss functions", icon="🎯", url_path="home", default=True),
    ],
    "Regression": [
        st.Page("pages/mse.py", title="Mean squared error", icon="📐", url_path="mse"),
        st.Page("pages/mae.py", title="Mean absolute error", icon="📏", url_path="mae"),
        st.Page("pages/huber.py", title="Huber and smooth L1", icon="🪝", url_path="huber"),
        st.Page("pages/mape.py", title="MAPE", icon="💯", url_path="mape"),
        st.Page("pages/compare_regression.py", title="Compare regression losses", icon="📊",
                url_path="compare-regression"),
    ],
    "Classification": [
        st.Page("pages/binary_cross_entropy.py", title="Binary cross-entropy", icon="🪙", url_path="bce"),
        st.Page("pages/categorical_cross_entropy.py", title="Categorical cross-entropy", icon="🎲",
                url_path="cce"),
        st.Page("pages/sparse_categorical_cross_entropy.py", title="Sparse categorical CE", icon="🔢",
                url_path="sparse-cce"),
        st.Page("pages/hinge.py", title="Hinge", icon="🚪", url_path="hinge"),
        st.Page("pages/focal.py", title="Focal", icon="🔍", url_path="focal"),
        st.Page("pages/compare_classification.py", title="Compare classification losses", icon="📈",
                url_path="compare-classification"),
    ],
    "Beyond": [
        st.Page("pages/kl_divergence.py", title="KL divergence", icon="↔️", url_path="kl"),
        st.Page("pages/poisson.py", title="Poisson", icon="🐟", url_path="poisson"),
        st.Page("pages/triplet.py", title="Triplet", icon="🔺", url_path="triplet"),
        st.Page("pages/gan.py", title="GAN losses", icon="🎭", url_path="gan"),
        st.Page("pages/choosing.py", title="Choosing a loss", icon="🧭", url_path="choose"),
    ],
    "Practice": [
        st.Page("pages/quiz.py", title="Quiz", icon="✅", url_path="quiz"),
        st.Page("pages/training_lab.py", title="Training lab", icon="🏋️", url_path="training-lab"),
        st.Page("pages/your_data.py", title="Your own numbers", icon="📄", url_path="your-data"),
    ],
}

page = st.navigation(PAGES)
with st.sidebar:
    st.markdown(section("app", "Sidebar"))
page.run()
