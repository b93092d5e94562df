# NTU RGB+D 60, cross-view, as graph2vec embeddings (seed 004): the 49
# single-person classes (mutual actions A050-A060 excluded), person 1, 60
# of the 300-frame padded timeline (every 5th frame; frames past a sample's
# end are zero vectors). Create the folder once from the prepared skelact
# folder (configs/graph2vec/README.md):
#   python tools/data/prepare_ntu.py --benchmark ntu60 ...
#   python tools/data/embed_graph2vec.py data/ntu60_skelact data/ntu60_graph2vec
dataset_type = 'GraphEmbeddingDataset'
data_root = 'data/ntu60_graph2vec'
num_classes = 49
data_args = dict(type=dataset_type, ann_file=data_root, num_frames=60,
                 frame_select='stride', window=300, person=0,
                 exclude_classes='ntu60_mutual')
train_dataset = dict(split='xview_train', **data_args)
val_dataset = dict(split='xview_val', **data_args)
