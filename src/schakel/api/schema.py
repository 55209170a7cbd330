"""OpenAPI descriptions of our own authentication classes (loaded in ApiConfig.ready)."""

from drf_spectacular.authentication import SessionScheme


class SecondFactorSessionScheme(SessionScheme):
    target_class = "schakel.api.authentication.SecondFactorSessionAuthentication"
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        definition = super().get_security_definition(auto_schema)
        definition["description"] = ("The browser session of the pages, after login with the second factor "
                                     "where the user's roles require one.")
        return definition


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["name", "code", "reason"],
            },
        },
    },
    "required": ["type", "title", "status"],
}

# Statuses every operation may answer, and those only writes can cause.
ALWAYS = {"401": "Niet ingelogd", "403": "Geen toegang", "404": "Niet gevonden", "405": "Methode niet toegestaan",
          "429": "Te veel verzoeken", "500": "Interne fout"}
WRITES = {"400": "Ongeldige invoer", "409": "Conflict", "415": "Inhoudstype niet ondersteund"}


def add_problem_responses(result, generator, request, public):
    """Postprocessing hook: document the problem+json error answers on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            statuses = dict(ALWAYS)
            if method in {"post", "put", "patch"}:
                statuses.update(WRITES)
            elif method == "get":
                statuses["400"] = WRITES["400"]  # malformed query parameters
            responses = operation.setdefault("responses", {})
            for response in responses.values():  # problems an operation documents itself
                problem = response.get("content", {}).get("application/problem+json")
                if problem is not None:
                    problem["schema"] = reference
            for code, description in sorted(statuses.items()):
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/problem+json": {"schema": reference}},
                })
    return result
