"""`flask --app backend import events FILE`: valid events kept, duplicates skipped, bad lines named."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from backend.config import REPO_ROOT


def _run(file, database_url, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "import", "events", str(file)],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_jsonl_and_csv_imports(client, admin_headers, database_url, tmp_path):
    client.put("/api/accounts/acme", json={"name": "Acme"}, headers=admin_headers)
    recent = (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat()
    lines = [{"id": "a", "account": "acme", "name": "login", "at": recent, "properties": {"plan": "pro"}},
             {"id": "a", "account": "acme", "name": "login", "at": recent},
             {"account": "ghost", "name": "login"}]
    file = tmp_path / "events.jsonl"
    file.write_text("\n".join(json.dumps(line) for line in lines) + "\n{not json\n")
    result = _run(file, database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 accepted, 1 duplicates, 2 rejected" in result.stdout
    assert "line 3: no account with external_id 'ghost'" in result.stderr
    assert "line 4: an event must be a JSON object" in result.stderr
    assert "Importing 4 events" in result.stdout + result.stderr

    csv_file = tmp_path / "events.csv"
    csv_file.write_text("id,account,name,at,properties.rows,properties.ok\n"
                        f"b,acme,report.exported,{recent},12,true\n"
                        f"c,acme,Bad Name,{recent},,\n")
    result = _run(csv_file, database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 accepted, 0 duplicates, 1 rejected" in result.stdout and "line 3:" in result.stderr
    events = client.get("/api/events?account=acme", headers=admin_headers).get_json()["items"]
    assert {(e["name"], json.dumps(e["properties"], sort_keys=True)) for e in events} == {
        ("login", '{"plan": "pro"}'), ("report.exported", '{"ok": true, "rows": 12}')}

    wrong = tmp_path / "events.txt"
    wrong.write_text("x")
    result = _run(wrong, database_url, tmp_path)
    assert result.returncode != 0 and ".jsonl or .csv" in result.stderr
