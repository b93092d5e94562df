# MotionBERT action fine-tuning on NTU RGB+D 60, cross-view
# (MotionBERT configs/action/MB_ft_NTU60_xview.yaml: the xsub recipe on the
# xview split).
_base_ = ['./dstformer_ntu60_xsub_finetune.py']
train_dataloader = dict(dataset=dict(split='xview_train'))
val_dataloader = dict(dataset=dict(split='xview_val'))
test_dataloader = val_dataloader
