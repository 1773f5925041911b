"""The deployment files: the Kubernetes manifest (valid against the Kubernetes API's schemas,
its probes and affinity), and nginx's config (websocket upgrade, session affinity; checked by
`nginx -t` where nginx is installed)."""

from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import yaml

from deploy.cluster import TEMPLATE, check_config, find_nginx, render_nginx_config

ROOT = Path(__file__).resolve().parent.parent
HEALTH = "/_stcore/health"
MANIFEST = ROOT / "deploy" / "k8s.yaml"
# The Kubernetes release whose API the manifest is checked against: the newest one the pinned
# kubernetes-validate (requirements-test.txt) ships schemas for. Raise both together.
KUBERNETES_VERSION = "1.37"


def k8s_manifest() -> dict:
    """deploy/k8s.yaml: one YAML document, a `kind: List` of the app's objects."""
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def k8s_objects() -> dict[str, dict]:
    manifest = k8s_manifest()
    assert manifest["kind"] == "List"
    return {item["kind"]: item for item in manifest["items"]}


def test_manifest_matches_the_kubernetes_api_schemas():
    """Every object against the API's OpenAPI schemas, offline and strict: a misspelt or misplaced
    field, a missing required one, or a value of the wrong type (an annotation that is a number,
    a port that is a string of letters) fails, as `kubectl apply` would refuse it."""
    manifest = k8s_manifest()
    # The List itself has no schema in the API (kubectl unpacks it): check its few keys here.
    assert manifest.keys() == {"apiVersion", "kind", "items"}, sorted(manifest)
    assert (manifest["apiVersion"], manifest["kind"]) == ("v1", "List")
    assert [item["kind"] for item in manifest["items"]] == ["Deployment", "Service", "Ingress"]
    problems = []
    for item in manifest["items"]:
        name = f"{item.get('kind')} {item.get('metadata', {}).get('name', '(no name)')}"
        try:
            checked = kubernetes_validate.validate(item, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
            problems.append(f"{name}: {where}: {error.message}")
        else:
            # Checked against this release's own schemas, not an older release's.
            assert checked == KUBERNETES_VERSION, (name, checked)
    assert not problems, "\n".join(problems)


def test_deployment_has_health_probes_and_sized_resources():
    deployment = k8s_objects()["Deployment"]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    port = container["ports"][0]["containerPort"]
    assert "--server.port" in container["command"]
    assert container["command"][container["command"].index("--server.port") + 1] == str(port)
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": HEALTH, "port": port}, probe
    # One Streamlit process uses one core (the GIL): request one, and memory under 1 GiB.
    requests = container["resources"]["requests"]
    assert requests["cpu"] == "1"
    assert requests["memory"].endswith("Mi") and int(requests["memory"][:-2]) <= 1024
    assert deployment["spec"]["replicas"] >= 1
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == labels


def test_service_keeps_a_student_on_one_pod():
    objects = k8s_objects()
    service = objects["Service"]
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    assert service["spec"]["selector"] == objects["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["ports"][0]["targetPort"] == 8501
    ingress = objects["Ingress"]["metadata"]["annotations"]
    assert ingress["nginx.ingress.kubernetes.io/affinity"] == "cookie"


def _location(config: str, path: str) -> str:
    match = re.search(r"location " + re.escape(path) + r" \{(.*?)\n        \}", config, re.S)
    assert match, f"no location {path}"
    return match.group(1)


def test_nginx_passes_the_websocket_upgrade_and_pins_sessions(tmp_path: Path):
    config = render_nginx_config([8601, 8602], "127.0.0.1:8680", tmp_path)
    assert not re.search(r"@@[A-Z_]+@@", config), "a field of the template was left unfilled"
    stream = _location(config, "/_stcore/stream")
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    assert "proxy_http_version 1.1;" in config
    assert "proxy_pass http://losslab;" in _location(config, "/_stcore/upload_file")
    upstream = re.search(r"upstream losslab \{(.*?)\}", config, re.S).group(1)
    assert re.search(r"^\s*(hash \$\w+ consistent|ip_hash|sticky)\b", upstream, re.M), "no affinity directive"
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", upstream) == ["8601", "8602"]
    assert TEMPLATE.read_text().count("@@UPSTREAM_SERVERS@@") == 1
    # nginx itself accepts it, where it is installed (`make bench` installs it when root).
    nginx = find_nginx()
    if nginx is not None:
        config_path = tmp_path / "nginx.conf"
        config_path.write_text(config)
        checked = check_config(nginx, config_path, tmp_path)
        assert checked.returncode == 0, checked.stderr
