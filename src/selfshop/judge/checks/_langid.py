"""langdetect's language identification, with its profiles built only as far as a text needs.

langdetect's own `detect_langs` first turns all 55 language profiles into one table of every
n-gram's probability in every language (87,000 n-grams, about 0.3 s of CPU in every run that
judges a page's language). A text of a few hundred words looks up a few hundred n-grams, so the
table here is built row by row, when the detector asks for a row. The profiles, the detector,
its random seed and therefore its answers are langdetect's own.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator, Mapping

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.language import Language

N_GRAM = 3  # the longest n-gram langdetect's profiles count


class _Profile:
    def __init__(self, freq: dict[str, int], n_words: list[int]) -> None:
        self.freq, self.n_words = freq, n_words

    def probability(self, gram: str) -> float:
        """What DetectorFactory.add_profile puts in the table for this language."""
        count = self.freq.get(gram)
        if count is None or not 1 <= len(gram) <= N_GRAM:
            return 0.0
        return count / self.n_words[len(gram) - 1]


class LazyProbabilities(Mapping[str, list[float]]):
    """An n-gram's probability in each language, as langdetect's table has it, made when asked."""

    def __init__(self, profiles: list[_Profile]) -> None:
        self.profiles = profiles
        self.grams: frozenset[str] = frozenset().union(*(p.freq for p in profiles))
        self.rows: dict[str, list[float]] = {}

    def __contains__(self, gram: object) -> bool:
        return gram in self.grams

    def __getitem__(self, gram: str) -> list[float]:
        row = self.rows.get(gram)
        if row is None:
            if gram not in self.grams:
                raise KeyError(gram)
            row = self.rows[gram] = [p.probability(gram) for p in self.profiles]
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self.grams)

    def __len__(self) -> int:
        return len(self.grams)


@functools.cache
def load() -> DetectorFactory:
    """langdetect's detector factory with every profile read (the table rows come later)."""
    factory = DetectorFactory()
    factory.seed = 0  # langdetect samples at random: the same text, the same answer
    profiles = []
    # The order langdetect itself loads them in (the folder's), so languages keep their places.
    for name in os.listdir(PROFILES_DIRECTORY):
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        factory.langlist.append(data["name"])
        profiles.append(_Profile(data["freq"], data["n_words"]))
    factory.word_lang_prob_map = LazyProbabilities(profiles)
    return factory


def detect_langs(text: str) -> list[Language]:
    """langdetect.detect_langs(text): the likely languages, most likely first (the same seed
    gives the same answer; raises LangDetectException when the text has no letters)."""
    detector = load().create()
    detector.append(text)
    result: list[Language] = detector.get_probabilities()
    return result
