"""Visualisation: curves, confusion matrices and t-SNE (matplotlib,
scikit-learn; ``pip install 'skelact[vis]'``), skeleton clips rendered
with OpenCV. skelact uses mmengine's ``Visualizer`` and backends for
logging (``tools/train.py --vis tensorboard``)."""
from .plots import (curve_keys, find_scalar_logs, plot_confusion,
                    plot_curves, plot_tsne, read_confusion, read_scalars,
                    require_matplotlib, tsne_embed, write_confusion_png)
from .skeleton_video import (VIDEO_EXTS, joint_colors, project_view,
                             render_skeleton_frames, write_video)

__all__ = ['curve_keys', 'find_scalar_logs', 'plot_confusion',
           'plot_curves', 'plot_tsne', 'read_confusion', 'read_scalars',
           'require_matplotlib', 'tsne_embed', 'write_confusion_png',
           'VIDEO_EXTS',
           'joint_colors', 'project_view', 'render_skeleton_frames',
           'write_video']
