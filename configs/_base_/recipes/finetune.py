# Fine-tuning: the pretrained backbone and a linear head, all layers
# trainable. The semi-supervised protocols are this recipe on a
# class-balanced label fraction (dataset option label_fraction).
_base_ = ['./linear.py', '../schedules/finetune_sgd_100e.py']
model = dict(frozen_backbone=False)
