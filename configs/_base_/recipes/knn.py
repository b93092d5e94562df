# KNN evaluation: features of the pretrained backbone, cosine KNN with
# temperature-weighted votes (k=20); no training. Run with
#   python tools/test.py CONFIG PRETRAINED_CHECKPOINT
_base_ = ['./linear.py']
model = dict(head=None)
knn = dict(k=20, temperature=0.07)
test_cfg = dict(type='KNNTestLoop', **knn)  # train_dataloader set per config
