"""The course without its drawing: plain Python, no Streamlit.

``course.lessons`` is the lesson registry every part of the app reads (navigation, links,
content, quiz, tests, bench). Imports go downwards only: ``app_pages`` → ``ui`` → ``course`` →
``losses``.
"""
