"""The lazily built language table answers exactly as langdetect's own detect_langs."""

from __future__ import annotations

import pytest
from langdetect import DetectorFactory
from langdetect import detect_langs as langdetect_detect_langs
from langdetect.lang_detect_exception import LangDetectException

from selfshop.judge.checks import _langid

TEXTS = [
    "Add the lantern to your basket and check out as a guest: we deliver within three days.",
    "Ajoutez la lanterne à votre panier et payez en tant qu'invité : livraison en trois jours.",
    "Legen Sie die Laterne in den Warenkorb und bezahlen Sie als Gast: Lieferung in drei Tagen.",
    "Lägg lyktan i varukorgen och betala som gäst: vi levererar inom tre dagar.",
    "Læg lygten i kurven og betal som gæst: vi leverer inden for tre dage.",
    "Добавьте фонарь в корзину и оформите заказ как гость: доставка за три дня.",
    "ランタンをカートに入れて、ゲストとして購入してください。三日以内にお届けします。",
    "Paul put dire comment on tape",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_languages_and_probabilities_as_langdetect(text: str) -> None:
    DetectorFactory.seed = 0
    theirs = [(found.lang, round(found.prob, 6)) for found in langdetect_detect_langs(text)]
    ours = [(found.lang, round(found.prob, 6)) for found in _langid.detect_langs(text)]
    assert ours == theirs


def test_only_the_rows_a_text_needs_are_built() -> None:
    _langid.detect_langs(TEXTS[0])
    table = _langid.load().word_lang_prob_map
    assert isinstance(table, _langid.LazyProbabilities)
    assert 0 < len(table.rows) < len(table) / 50  # a sentence needs a few hundred of 87,000


def test_text_without_letters_is_refused_as_langdetect_refuses_it() -> None:
    with pytest.raises(LangDetectException):
        _langid.detect_langs("12 345 — 678")
