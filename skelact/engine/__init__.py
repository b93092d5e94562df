"""Engine parts: loops, optimiser wrappers and (in :mod:`.hooks`) the
training-state hooks; importing this package registers them all."""
from . import hooks  # noqa: F401  (registers the hooks)
from .cached_feature_loop import CachedFeatureTrainLoop
from .knn_loop import KNNTestLoop
from .layer_decay import LayerDecayOptimWrapperConstructor
from .optim_wrapper import CPUAutocastOptimWrapper

__all__ = ['CachedFeatureTrainLoop', 'KNNTestLoop', 'CPUAutocastOptimWrapper',
           'hooks', 'LayerDecayOptimWrapperConstructor']
