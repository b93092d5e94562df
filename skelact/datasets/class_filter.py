"""Class subsets: drop some classes of a dataset and relabel the rest.

The seed's graph2vec models (004, section 4) exclude NTU RGB+D's mutual
actions, A050-A060, and train on the 49 single-person classes. Any skeleton
dataset takes ``exclude_classes=`` (a name below or a list of 0-based
labels): records of those classes are dropped and the remaining labels are
mapped, in their order, onto ``0 .. K-1`` (for NTU-60 without A050-A060 the
mapping is the identity on 0..48).

The mapping comes from the full class range ``[0, num_classes)``, never
from the labels present, so a split that happens to lack a class is
relabelled like the others (DESIGN.md section 6).
"""
from typing import Dict, List, Optional, Sequence, Tuple, Union

__all__ = ['CLASS_SETS', 'resolve_classes', 'filter_classes']


def _ntu(first, last):
    return tuple(range(first - 1, last))    # A-numbers are 1-based


#: named class sets (0-based labels)
CLASS_SETS: Dict[str, Tuple[int, ...]] = {
    # NTU RGB+D 60: the 11 mutual actions A050-A060
    'ntu60_mutual': _ntu(50, 60),
    # NTU RGB+D 120: A050-A060 and A106-A120
    'ntu120_mutual': _ntu(50, 60) + _ntu(106, 120),
    # the synthetic dataset's two-person interactions (docs/synthetic.md)
    'synthetic_interaction': (8, 9, 18, 19, 24),
}


def resolve_classes(spec: Union[str, Sequence[int]]) -> Tuple[int, ...]:
    """A class set by name (:data:`CLASS_SETS`) or as labels."""
    if isinstance(spec, str):
        if spec not in CLASS_SETS:
            raise ValueError(f'exclude_classes is {spec!r}, expected a list '
                             f'of labels or one of {sorted(CLASS_SETS)}')
        return CLASS_SETS[spec]
    labels = tuple(int(c) for c in spec)
    if any(c < 0 for c in labels):
        raise ValueError(f'exclude_classes holds negative labels {labels}; '
                         'expected 0-based labels')
    return labels


def filter_classes(records: List[dict], exclude: Union[str, Sequence[int]],
                   num_classes: Optional[int] = None,
                   classes: Optional[Sequence[str]] = None):
    """Drop the records whose ``label`` is in ``exclude`` and relabel.

    Args:
        records: sample records with an int ``label``.
        exclude: labels (or a :data:`CLASS_SETS` name) to drop.
        num_classes: the dataset's class count before filtering (default:
            1 + the largest label present).
        classes: optional class names, filtered alike.

    Returns:
        ``(records, label_map, classes)``: the kept records with new
        labels (copies), ``label_map`` (old label -> new label) and the
        kept class names (or ``None``).
    """
    drop = set(resolve_classes(exclude))
    if num_classes is None:
        num_classes = 1 + max((r['label'] for r in records), default=-1)
    kept = [c for c in range(num_classes) if c not in drop]
    label_map = {old: new for new, old in enumerate(kept)}
    out = []
    for r in records:
        if r['label'] in drop:
            continue
        r = dict(r)
        r['label'] = label_map[r['label']]
        out.append(r)
    names = None
    if classes is not None:
        names = [classes[c] for c in kept if c < len(classes)]
    return out, label_map, names
