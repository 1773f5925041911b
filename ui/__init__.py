"""What the lesson pages share: charts, controls, the worked calculation, content loading.

``ui`` may import ``course`` and ``losses``; it never imports ``app_pages`` (tests/test_floors.py).
"""
