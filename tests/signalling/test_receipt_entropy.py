"""Receipt codes: the secret part is fresh randomness from `secrets`, not a pattern that passes a format check."""

from __future__ import annotations

from schakel.signalling.services import mailbox


def test_the_secret_part_comes_from_the_secrets_module(monkeypatch):
    drawn = []

    def token_bytes(n):
        drawn.append(n)
        return bytes(range(1, n + 1))

    monkeypatch.setattr(mailbox.secrets, "token_bytes", token_bytes)
    receipt = mailbox.new_receipt()
    assert drawn and drawn[0] * 8 >= 100                       # at least the 100 bits the code shows
    assert receipt.mailbox_id + receipt.secret == mailbox._encode(bytes(range(1, drawn[0] + 1)))


def test_many_codes_share_no_secret_and_every_secret_position_varies(monkeypatch):
    # Hash cheaply: this test is about the codes, not about Argon2's cost.
    monkeypatch.setattr(mailbox, "_hasher", type("Plain", (), {"hash": staticmethod(lambda secret: secret)})())
    receipts = [mailbox.new_receipt() for _ in range(400)]
    secrets_seen = [r.secret for r in receipts]
    assert len(set(secrets_seen)) == len(secrets_seen)
    assert len({r.mailbox_id for r in receipts}) == len(receipts)
    # With 32 symbols a position drawn at random shows nearly all of them in 400 codes; a fixed or
    # counter-like position shows one or a few.
    for position in range(len(secrets_seen[0])):
        assert len({secret[position] for secret in secrets_seen}) >= 24, position
    # No shared secret prefix of even two symbols across a tenth of the codes.
    prefixes = [secret[:2] for secret in secrets_seen]
    assert max(prefixes.count(prefix) for prefix in set(prefixes)) < 40
