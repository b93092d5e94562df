# MBAimCLR pretraining on NTU RGB+D 120 cross-subject with MotionBERT's
# optimiser: AdamW lr 5e-4, wd 0.01, x0.99 per epoch (`optim_adamw` of the
# method base; the report's words say SGD: dstformer_ntu120_xsub.py). Otherwise
# as dstformer_ntu120_xsub.py (15 epochs, NNM off).
_base_ = ['./dstformer_ntu120_xsub.py']
optim_wrapper = _base_.optim_adamw
