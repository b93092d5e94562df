# Semi-supervised evaluation: fine-tuning on 10 % of the training labels,
# class-balanced, the subset fixed by `subset_seed`.
_base_ = ['./finetune.py']
protocol_cfg = dict(label_fraction=0.1, subset_seed=0)
