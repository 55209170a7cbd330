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

LOCATION_HEADER = {
    "description": "Het adres van de nieuwe resource.",
    "schema": {"type": "string", "format": "uri"},
}

def _page(schema: dict) -> dict:
    return {"schema": {**schema, "type": "integer", "minimum": 1},
            "description": "Paginanummer, vanaf 1; een pagina die niet bestaat geeft 400."}


def _page_size(schema: dict) -> dict:
    from .pagination import LinkedPagination

    top = LinkedPagination.max_page_size
    return {"schema": {**schema, "type": "integer", "minimum": 1, "maximum": top},
            "description": f"Aantal resultaten per pagina, 1 tot en met {top}; daarbuiten 400."}


# The paging parameters with the ranges LinkedPagination refuses outside them (a 400 problem).
PAGING = {"page": _page, "pageSize": _page_size}

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
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["name"] in PAGING:
                    parameter.update(PAGING[parameter["name"]](parameter.get("schema", {})))
            created = responses.get("201")
            if created is not None:  # the new resource's address (every create sets it)
                created.setdefault("headers", {})["Location"] = LOCATION_HEADER
            for code, description in sorted(statuses.items()):
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/problem+json": {"schema": reference}},
                })
    return result
