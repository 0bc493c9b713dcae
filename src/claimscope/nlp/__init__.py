"""The nlp stage: language identification, sentence segmentation and the spaCy parse."""

from claimscope.nlp.language import detect_language
from claimscope.nlp.segment import SPACY_MODELS, load_spacy, loaded_pipelines, parse_article

__all__ = ["SPACY_MODELS", "detect_language", "load_spacy", "loaded_pipelines", "parse_article"]
