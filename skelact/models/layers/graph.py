"""The ST-GCN skeleton graph (Yan et al., AAAI 2018, Sec. 3.4).

The "spatial" partition splits each joint's neighbourhood into three subsets:
the root itself, the centripetal neighbours (closer to the skeleton's centre)
and the centrifugal ones. Each subset matrix is column-normalised,
``A_k = Lambda^{-1/2}``-free form ``A D^{-1}`` as in the reference code.
"""
import numpy as np

from skelact.skeletons import get_layout

__all__ = ['Graph', 'hop_distance', 'normalize_digraph']


def hop_distance(num_nodes, edges, max_hop=1):
    """Shortest-path hop count between joints, ``inf`` beyond ``max_hop``."""
    adjacency = np.zeros((num_nodes, num_nodes))
    for i, j in edges:
        adjacency[i, j] = adjacency[j, i] = 1
    dist = np.full((num_nodes, num_nodes), np.inf)
    reach = [np.linalg.matrix_power(adjacency, d) > 0
             for d in range(max_hop + 1)]
    for d in range(max_hop, -1, -1):
        dist[reach[d]] = d
    return dist


def normalize_digraph(adjacency):
    """Column-normalise: ``A @ D^{-1}`` with ``D`` the column sums."""
    degree = adjacency.sum(0)
    inv = np.zeros_like(degree)
    inv[degree > 0] = 1.0 / degree[degree > 0]
    return adjacency @ np.diag(inv)


class Graph:
    """ST-GCN adjacency for a skeleton layout.

    Args:
        layout: a layout name of :mod:`skelact.skeletons`.
        strategy: ``'spatial'`` (3 subsets per hop), ``'distance'`` (one per
            hop) or ``'uniform'`` (one in all).
        max_hop: neighbourhood radius.
        dilation: hop step.

    Attributes:
        A: float32 array (K, V, V); ``A[k, j, i]`` weighs joint ``j`` into
            joint ``i`` (``x' = x @ A[k]`` over the joint axis).
    """

    def __init__(self, layout='nturgb+d', strategy='spatial', max_hop=1,
                 dilation=1):
        self.layout = get_layout(layout)
        self.num_nodes = self.layout.num_joints
        self.center = self.layout.center
        edges = [(i, i) for i in range(self.num_nodes)] + self.layout.edges
        self.hop_dis = hop_distance(self.num_nodes, edges, max_hop)
        self.A = self._adjacency(strategy, max_hop, dilation).astype(
            np.float32)

    def _adjacency(self, strategy, max_hop, dilation):
        hops = range(0, max_hop + 1, dilation)
        adjacency = np.zeros((self.num_nodes, self.num_nodes))
        for hop in hops:
            adjacency[self.hop_dis == hop] = 1
        norm = normalize_digraph(adjacency)
        if strategy == 'uniform':
            return norm[None]
        if strategy == 'distance':
            return np.stack([norm * (self.hop_dis == hop) for hop in hops])
        if strategy != 'spatial':
            raise ValueError(f'unknown graph strategy {strategy!r}; expected '
                             "'spatial', 'distance' or 'uniform'")
        to_center = self.hop_dis[:, self.center]
        subsets = []
        for hop in hops:
            mask = self.hop_dis == hop  # mask[j, i]
            # A[k, j, i]: message from joint j into joint i. As in the
            # reference code, j farther from the centre than i (a flow
            # towards the centre) joins the root subset, j closer than i
            # (a flow away from the centre) forms the third subset.
            dj, di = to_center[:, None], to_center[None, :]
            root = norm * (mask & (dj == di))
            centripetal = norm * (mask & (dj > di))
            centrifugal = norm * (mask & (dj < di))
            if hop == 0:
                subsets.append(root)
            else:
                subsets.append(root + centripetal)
                subsets.append(centrifugal)
        return np.stack(subsets)
