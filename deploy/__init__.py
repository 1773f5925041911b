"""Deployment: nginx in front of several Streamlit processes (cluster.py), and Kubernetes (k8s.yaml)."""
