"""`flask --app backend import accounts FILE`: valid rows kept, bad rows reported by row number."""
from __future__ import annotations

import json
import subprocess
import sys

from backend.config import REPO_ROOT


def _run(file, database_url, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "import", "accounts", str(file)],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_csv_import_keeps_valid_rows(client, admin_headers, database_url, tmp_path):
    client.post("/api/attributes", json={"key": "logins", "label": "Logins", "type": "number"},
                headers=admin_headers)
    file = tmp_path / "accounts.csv"
    file.write_text("external_id,name,mrr,next_billing_on,custom.logins,contact_name,contact_email\n"
                    "a1,Acme,1200,2027-01-31,7,Ana,ana@acme.example\n"
                    "a2,Bad date,10,2026-02-30,,,\n"
                    "a3,Globex,,,,,\n")
    result = _run(file, database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 created, 0 updated, 1 rejected" in result.stdout
    assert "row 2 (a2)" in result.stderr and "next_billing_on" in result.stderr
    acme = client.get("/api/accounts/a1", headers=admin_headers).get_json()
    assert acme["mrr"] == 1200 and acme["custom"] == {"logins": 7}
    assert acme["contacts"][0]["email"] == "ana@acme.example"
    assert client.get("/api/accounts/a2", headers=admin_headers).status_code == 404


def test_json_import_and_unreadable_files(client, admin_headers, database_url, tmp_path):
    file = tmp_path / "accounts.json"
    file.write_text(json.dumps({"accounts": [{"external_id": "j1", "name": "J"}]}))
    result = _run(file, database_url, tmp_path)
    assert result.returncode == 0 and "1 created" in result.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    result = _run(broken, database_url, tmp_path)
    assert result.returncode != 0 and "Cannot read" in result.stderr
