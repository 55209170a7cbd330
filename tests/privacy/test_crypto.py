"""AES-256-GCM values and files: round trips, wrong key, tampering, context binding, key configuration."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from schakel.privacy import crypto
from schakel.privacy.crypto import DecryptionError, decrypt, decrypt_bytes, encrypt, encrypt_bytes

from .conftest import KEY_A, KEY_B


@pytest.fixture(autouse=True)
def _keys(settings):
    settings.ENCRYPTION_KEYS = [KEY_A]


@hypothesis_settings(deadline=None)  # a loaded CI machine must not fail a correct round trip
@given(st.text())
def test_any_unicode_text_round_trips(plaintext):
    assert decrypt(encrypt(plaintext)) == plaintext


@hypothesis_settings(deadline=None)
@given(st.binary())
def test_any_bytes_round_trip(data):
    assert decrypt_bytes(encrypt_bytes(data)) == data


def test_equal_plaintexts_give_different_ciphertexts():
    assert encrypt("Anna") != encrypt("Anna")


def test_ciphertext_names_the_key_that_sealed_it():
    token = encrypt("Anna")
    assert token.startswith(f"v1:{crypto.current_key_id()}:")
    assert crypto.key_id_of(token) == crypto.current_key_id()
    assert crypto.key_id_of_bytes(encrypt_bytes(b"x")) == crypto.current_key_id()


def test_wrong_key_raises_decryption_error(settings):
    token, blob = encrypt("Anna"), encrypt_bytes(b"scan")
    settings.ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(DecryptionError):
        decrypt(token)
    with pytest.raises(DecryptionError):
        decrypt_bytes(blob)


def test_key_with_the_same_id_but_other_material_is_refused(settings):
    # Even if an attacker forged the key id, authentication fails.
    token = encrypt("Anna")
    forged = token.replace(crypto.current_key_id(), crypto._key_id(b"B" * 32), 1)
    settings.ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(DecryptionError):
        decrypt(forged)


@pytest.mark.parametrize("position", [0, 5, 12, 20, -1])
def test_tampered_ciphertext_raises_decryption_error(position):
    token = encrypt("Anna de Vries, geboren 1990")
    prefix, key_id, body = token.split(":", 2)
    blob = bytearray(base64.b64decode(body))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionError):
        decrypt(f"{prefix}:{key_id}:{base64.b64encode(bytes(blob)).decode()}")


def test_tampered_file_raises_decryption_error():
    blob = bytearray(encrypt_bytes(b"%PDF-1.7 verklaring"))
    blob[-3] ^= 0x80
    with pytest.raises(DecryptionError):
        decrypt_bytes(bytes(blob))


def test_value_sealed_for_one_context_does_not_open_in_another():
    token = encrypt("Anna", associated_data=b"care.client.name")
    assert decrypt(token, associated_data=b"care.client.name") == "Anna"
    with pytest.raises(DecryptionError):
        decrypt(token, associated_data=b"signalling.signal.description")
    with pytest.raises(DecryptionError):
        decrypt(token)


@pytest.mark.parametrize("garbage", ["", "plain text", "v1:abc", "v2:12345678:AAAA", "v1:12345678:!!!notbase64",
                                     "v1:12345678:" + base64.b64encode(b"short").decode()])
def test_malformed_values_raise_decryption_error(garbage):
    with pytest.raises(DecryptionError):
        decrypt(garbage)


def test_older_keys_still_decrypt_and_the_newest_encrypts(settings):
    old = encrypt("Anna")
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert decrypt(old) == "Anna"
    assert crypto.key_id_of(encrypt("Anna")) == crypto._key_id(b"B" * 32)


@pytest.mark.parametrize("keys", [[], ["not base64!"], [base64.b64encode(b"short").decode()], [KEY_A, KEY_A]])
def test_unusable_key_configuration_is_refused(settings, keys):
    settings.ENCRYPTION_KEYS = keys
    with pytest.raises(ImproperlyConfigured):
        encrypt("Anna")


def test_system_check_reports_unusable_keys(settings):
    from schakel.privacy.checks import encryption_keys_usable

    settings.ENCRYPTION_KEYS = ["kapot"]
    assert [error.id for error in encryption_keys_usable(None)] == ["privacy.E002"]
    settings.ENCRYPTION_KEYS = [KEY_A]
    assert encryption_keys_usable(None) == []


def test_generated_keys_are_usable_and_distinct(settings):
    first, second = crypto.generate_key(), crypto.generate_key()
    assert first != second
    settings.ENCRYPTION_KEYS = [first, second]
    assert decrypt(encrypt("x")) == "x"


def test_blind_index_is_deterministic_keyed_and_separates_kinds(settings):
    settings.INDEX_KEY = "index-secret"
    token = crypto.blind_index("phone", "+31612345678")
    assert token == crypto.blind_index("phone", "+31612345678")
    assert token != crypto.blind_index("kvk", "+31612345678")
    assert "31612345678" not in token
    settings.INDEX_KEY = "other-secret"
    assert crypto.blind_index("phone", "+31612345678") != token
