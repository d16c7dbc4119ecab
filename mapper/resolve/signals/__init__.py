"""Signals: the evidence that one piece of a page fits one concept (scores in [0, 1], memoised per
catalog), one job per module:

- captions.py       the part of a caption that names a concept; balance captions
- documentation.py  a definition block's text against concept documentation
- references.py     a definition block's ASC references against the reference linkbase
- labels.py         a caption against a concept's labels and element name   <-- the label score
- search.py         the concepts worth scoring for a caption (word search, networks, headings, tables)
- values.py         a row's values against a concept's data type, period, balance and direction
                    (and against the data kind a company definition states)
- schedules.py      maturity-schedule year rows as positions, and their concepts
- networks.py       page titles against the taxonomy's presentation networks
- common.py         the per-catalog memo, best-n and word-overlap helpers they share

This module only re-exports what the rest of the resolver imports.
"""
from __future__ import annotations

from .captions import bare_balance_caption, caption_text, is_balance_caption, without_date
from .documentation import definition_names, doc_scores, text_words
from .labels import caption_in_text, label_score_at, label_scores_at
from .networks import best_network, network_affinity, network_fit, network_fit_memo, title_topic
from .references import block_ref_keys, ref_score, ref_scores
from .schedules import position_fit, schedule_candidates, schedule_positions
from .search import heading_candidates, label_candidates, network_candidates, table_candidates
from .values import bracket_suffixes, definition_kind, kind_fit, row_types, row_value_kind, type_fit, type_fit_of

__all__ = [
    "bare_balance_caption", "best_network", "block_ref_keys", "bracket_suffixes", "caption_in_text",
    "caption_text", "definition_kind", "definition_names", "doc_scores", "heading_candidates",
    "is_balance_caption", "kind_fit", "label_candidates", "label_score_at", "label_scores_at", "network_affinity",
    "network_candidates",
    "network_fit", "network_fit_memo", "position_fit", "ref_score", "ref_scores", "row_types",
    "row_value_kind", "schedule_candidates", "schedule_positions", "table_candidates", "text_words",
    "title_topic", "type_fit", "type_fit_of", "without_date",
]
