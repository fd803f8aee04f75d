"""Validates every document of deploy/k8s: Kubernetes kinds against the schemas PyPI's kubernetes-validate ships
(strict: unknown fields are errors), KEDA ScaledObjects against the openAPIV3Schema of KEDA's own CRD (vendored in
deploy/k8s/schemas/). Prints one JSON report on stdout: {"validated": [...], "errors": [...]}."""
import json
import pathlib
import sys

import jsonschema
import kubernetes_validate
import yaml

KUBERNETES_VERSION = "1.33.0"
root = pathlib.Path(sys.argv[1])
crd_schemas = {}
for crd_file in sorted((root / "schemas").glob("*.yaml")):
    crd = yaml.safe_load(crd_file.read_text())
    for version in crd["spec"]["versions"]:
        crd_schemas[(f"{crd['spec']['group']}/{version['name']}", crd["spec"]["names"]["kind"])] = version["schema"][
            "openAPIV3Schema"
        ]

kustomization = yaml.safe_load((root / "kustomization.yaml").read_text())
validated, errors = [], []
for name in kustomization["resources"]:
    for doc in yaml.safe_load_all((root / name).read_text()):
        if not doc:
            continue
        what = f"{name}: {doc['kind']} {doc.get('metadata', {}).get('name')}"
        schema = crd_schemas.get((doc["apiVersion"], doc["kind"]))
        try:
            if schema is not None:
                jsonschema.validate(doc, schema, cls=jsonschema.Draft7Validator)
            else:
                kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
            validated.append(what)
        except (jsonschema.ValidationError, kubernetes_validate.ValidationError) as error:
            errors.append(f"{what}: {getattr(error, 'message', str(error))}")
        except kubernetes_validate.SchemaNotFoundError as error:
            errors.append(f"{what}: no schema ({error})")
print(json.dumps({"validated": validated, "errors": errors}))
