"""The course without its drawing: plain Python, no Streamlit (tests/test_floors.py checks it).

The lesson registry (``lessons``), the quiz file's format and grading (``quiz``), reading a
student's own table and measuring it (``prediction_table``, ``table_losses``), the training
loop the lab plays (``training``), the timing of the label formats (``timing``), how numbers
are written (``numbers``) and filled into text (``text``), and the numbers and samples the
lessons compute. Imports go downwards only: ``app_pages`` → ``ui`` → ``course`` → ``losses``.
"""
