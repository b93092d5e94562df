# KNN evaluation (k=20, cosine, temperature-weighted votes) of
# configs/aimclr/stgcn_synthetic_xsub.py with CPU-sized loaders; no
# training:
#   python tools/test.py THIS_CONFIG PRETRAINING_CHECKPOINT
_base_ = './stgcn_synthetic_xsub.py'
protocol = 'knn'
_loader = dict(batch_size=64, num_workers=2)
test_dataloader = _loader
test_cfg = dict(train_dataloader=_loader)
