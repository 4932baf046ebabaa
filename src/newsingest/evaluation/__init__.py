"""Extraction evaluation: a page set with ground truth, the snippet metric, scoring in parallel."""

from newsingest.evaluation.compare import EvalReport, run_eval
from newsingest.evaluation.dataset import EvalDoc, default_data_dir, load_dataset
from newsingest.evaluation.metric import Score, snippet_counts

__all__ = [
    "EvalDoc",
    "EvalReport",
    "Score",
    "default_data_dir",
    "load_dataset",
    "run_eval",
    "snippet_counts",
]
