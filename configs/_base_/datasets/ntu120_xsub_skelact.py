# NTU RGB+D 120, cross-subject: skelact's own memory-mapped format (raw coordinates,
# variable length, denoised, at most 2 persons). One folder holds every
# split of the benchmark; `python tools/data/prepare_ntu.py --benchmark ntu120`
# writes it (docs/datasets.md):
#   data/ntu120_skelact/{meta.json, keypoint.npy, index.npz, splits.npz}
dataset_type = 'SkelactDataset'
data_root = 'data/ntu120_skelact'
num_classes = 120
train_dataset = dict(
    type=dataset_type, ann_file=data_root, split='xsub_train',
    num_classes=num_classes, layout='nturgb+d')
val_dataset = dict(
    type=dataset_type, ann_file=data_root, split='xsub_val',
    num_classes=num_classes, layout='nturgb+d', test_mode=True)
