"""Permission-matrix rows of the privacy pages added for issue 18 (tests/matrix/test_permission_matrix.py adds them).

Each row: route name -> (path, {actor: status, "*": default}, method). The desk answers 404 to
every role but the privacy officer; a request number that is not the officer's is 404 for all.
"""

from __future__ import annotations

OFFICER_ONLY_POST = {"*": 404, "anonymous": 302, "privacy_officer": 400}  # 400: no reason, no yes given

ROWS = {
    "privacy:retention_purge": ("/privacy/bureau/bewaartermijnen/opschonen", OFFICER_ONLY_POST, "post"),
    "privacy:request_export_pdf": ("/privacy/verzoeken/999999/export.pdf", {"*": 404, "anonymous": 302}),
    "privacy:request_erase": ("/privacy/verzoeken/999999/wissen", {"*": 404, "anonymous": 302}, "post"),
    "privacy:request_correct": ("/privacy/verzoeken/999999/corrigeren", {"*": 404, "anonymous": 302}, "post"),
}
