# MBAimCLR with nearest-neighbour mining from epoch 150 (AimCLR's
# mining_epoch; NNM's loss from the 151st epoch as the authors' code), the
# run of the report's Figure 7 ("after the epoch 150, when the NNM starts
# the result are getting worst"). The report does not give its length:
# AimCLR's 300 epochs. Otherwise as dstformer_ntu60_xsub.py (SGD reading).
_base_ = ['./dstformer_ntu60_xsub.py']
model = dict(mining_epoch=150)
train_cfg = dict(max_epochs=300)
