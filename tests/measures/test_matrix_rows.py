"""The measures rows of the permission matrix, walked on their own (the full walk is tests/matrix)."""

import pytest

from tests.matrix.test_permission_matrix import ACTORS, build_context, client_for

from .matrix_rows import ROWS


@pytest.mark.django_db
def test_every_measures_route_answers_each_actor_as_the_matrix_says(world):
    context = build_context(world)
    clients = {actor: client_for(actor, world) for actor in ACTORS}
    wrong = {}
    for name, (path_of, expect) in sorted(ROWS.items()):
        path = path_of(context)
        for actor in ACTORS:
            status = clients[actor].get(path).status_code
            wanted = expect.get(actor, expect["*"])
            if status != wanted:
                wrong[f"{name} {path} as {actor}"] = f"{status}, expected {wanted}"
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())
