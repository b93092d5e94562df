# MBAimCLR with MotionBERT-Lite's width (dim_feat 256, MLP ratio 4; depth 4,
# dim_rep 512) on NTU RGB+D 60 cross-subject: a lighter variant, not the
# report's (which keeps MotionBERT's 512 / MLP 2). Otherwise as
# dstformer_ntu60_xsub.py (SGD reading, 150 epochs, NNM off).
_base_ = ['./dstformer_ntu60_xsub.py']
model = dict(backbone=_base_.lite_backbone)
