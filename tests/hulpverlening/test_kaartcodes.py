import hashlib
import itertools

import pytest

from hulpverlening import kaartcodes
from hulpverlening.kaartcodes import OngeldigeKaartcode


def test_new_code_has_nine_characters_from_the_alphabet_and_a_valid_check():
    for _ in range(200):
        code = kaartcodes.new_code()
        assert len(code) == kaartcodes.CODE_LENGTH
        assert set(code) <= set(kaartcodes.ALPHABET)
        assert kaartcodes.normalise_code(code) == code


def test_token_carries_at_least_128_random_bits():
    tokens = {kaartcodes.new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert kaartcodes.TOKEN_BYTES * 8 >= 128


def test_typed_code_tolerates_case_spaces_hyphens_and_look_alikes():
    code = "0123456789"[:8]
    code = code + kaartcodes.check_character(code)
    typed = f" {code[:4].lower()} - {code[4:8]} {code[8:]} ".replace("0", "o").replace("1", "l")
    assert kaartcodes.normalise_code(typed) == code
    assert kaartcodes.normalise_code(kaartcodes.format_code(code).replace("1", "I")) == code


def test_every_single_character_typo_is_caught_by_the_check_character():
    code = kaartcodes.new_code()
    for position, fout in itertools.product(range(len(code)), kaartcodes.ALPHABET):
        if code[position] == fout:
            continue
        getypt = code[:position] + fout + code[position + 1 :]
        with pytest.raises(OngeldigeKaartcode):
            kaartcodes.normalise_code(getypt)


def test_swapping_two_neighbouring_characters_is_caught():
    code = kaartcodes.new_code()
    for i in range(len(code) - 1):
        if code[i] == code[i + 1]:
            continue
        gewisseld = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        # Luhn mod N misses only the swap of the two characters whose values sum to N-1... in
        # mod 32 that pair is (F, G)-style neighbours summing to 31; accept it only there.
        waarde = kaartcodes.ALPHABET.index
        if i < len(code) - 1 and waarde(code[i]) + waarde(code[i + 1]) == 31:
            continue
        with pytest.raises(OngeldigeKaartcode):
            kaartcodes.normalise_code(gewisseld)


@pytest.mark.parametrize(
    ("getypt", "boodschap"),
    [
        ("", "Typ de code"),
        ("ABC", "9 tekens"),
        ("ABCD-EFGH-JKLM", "9 tekens"),
        ("ABCD-EFGH-U", "teken dat niet op kaarten staat: U"),
        ("ABCD!EFGH", "teken dat niet op kaarten staat: !"),
    ],
)
def test_malformed_codes_get_a_dutch_reason(getypt, boodschap):
    with pytest.raises(OngeldigeKaartcode, match=boodschap):
        kaartcodes.normalise_code(getypt)


def test_qr_payload_round_trips_and_foreign_qr_codes_are_refused():
    token = kaartcodes.new_token()
    assert kaartcodes.token_from_qr(kaartcodes.qr_payload(token)) == token
    for vreemd in ["https://example.org", "WIFI:S:thuis;T:WPA;P:geheim;;", "MHG1:kort", ""]:
        with pytest.raises(OngeldigeKaartcode):
            kaartcodes.token_from_qr(vreemd)


def test_token_hash_hides_the_token():
    token = kaartcodes.new_token()
    assert token not in kaartcodes.token_hash(token)
    assert kaartcodes.token_hash(token) == kaartcodes.token_hash(token)


def test_token_hash_is_a_short_prefix_of_sha256():
    token = kaartcodes.new_token()
    volledig = hashlib.sha256(token.encode()).hexdigest()
    assert kaartcodes.token_hash(token) == volledig[: kaartcodes.ROOSTER_HASH_TEKENS]
    assert len(kaartcodes.token_hash(token)) == 12
