# Fine-tuning: the linear protocol with every layer trainable (the encoder
# trains in train mode) and SGD lr 0.1, Nesterov, wd 1e-4 (x0.1 at 80, 100
# epochs), starting from the pretraining checkpoint.
_base_ = ['./linear.py']
model = dict(frozen_backbone=False)
optim_wrapper = dict(
    optimizer=dict(lr=0.1, weight_decay=1e-4, nesterov=True))
