"""What the lesson pages share: charts, controls, the worked calculation, content loading.

``ui`` may import ``losses``; it never imports ``pages``.
"""
