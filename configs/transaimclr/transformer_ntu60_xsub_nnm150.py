# TransAimCLR with nearest-neighbour mining from epoch 150 (AimCLR's
# mining_epoch), the report's first run (seed 000, Figure 3: the loss
# oscillates once NNM starts; linear evaluation 1.67 %, chance for 60
# classes). The report does not give its length: AimCLR's 300 epochs, the
# warm-up + half-cosine fitted to them. Otherwise as transformer_ntu60_xsub.py.
_base_ = ['./transformer_ntu60_xsub.py']
model = dict(mining_epoch=150)
max_epochs = 300
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_epochs,
         T_max=max_epochs - _base_.warmup_epochs),
]
train_cfg = dict(max_epochs=max_epochs)
