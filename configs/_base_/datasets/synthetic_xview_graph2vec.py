# The synthetic set (docs/synthetic.md), cross-view, as graph2vec
# embeddings: its 8 single-person classes of the first 10 (interactions 8
# and 9 excluded, as the seed excludes NTU's mutual actions), 60 frames
# spread over each sample's own 40-120 frames (frame_select='uniform': the
# synthetic samples are not padded to 300). Create the folder once:
#   python tools/data/embed_graph2vec.py --frame-select uniform \
#     --dataset xview_train="dict(type='SyntheticDataset', split='xview_train')" \
#     --dataset xview_val="dict(type='SyntheticDataset', split='xview_val')" \
#     --out data/synthetic_graph2vec
dataset_type = 'GraphEmbeddingDataset'
data_root = 'data/synthetic_graph2vec'
num_classes = 8
data_args = dict(type=dataset_type, ann_file=data_root, num_frames=60,
                 frame_select='uniform', person=0,
                 exclude_classes='synthetic_interaction')
train_dataset = dict(split='xview_train', **data_args)
val_dataset = dict(split='xview_val', **data_args)
