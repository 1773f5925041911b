# Loss Lab: one Streamlit process on port 8501. Build: docker build -t loss-lab .
# Run: docker run --rm -p 8501:8501 loss-lab, then open http://localhost:8501
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The app runs as an ordinary user (uid 10001); the code stays owned by root, so the running
# app cannot change it.
RUN useradd --create-home --no-log-init --uid 10001 --user-group --shell /usr/sbin/nologin losslab

# The pinned dependencies first, in their own layer: editing a lesson rebuilds only the
# layers below, not the pip install.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# Only what the app needs at run time (tests, benchmarks and deployment files stay out).
COPY .streamlit/ .streamlit/
COPY losses/ losses/
COPY course/ course/
COPY ui/ ui/
COPY content/ content/
COPY app_pages/ app_pages/
COPY static/ static/
COPY app.py .

USER 10001:10001

EXPOSE 8501

# slim has no curl: ask Streamlit's health endpoint with Python's standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; body = urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read(); sys.exit(0 if body.strip() == b'ok' else 1)"]

# The same command as `make run`, listening on every interface of the container.
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
