# MotionBERT-Lite action fine-tuning on NTU RGB+D 60, cross-view (the first
# code release's MB_ft_NTU60_xview.yaml: the Lite xsub recipe on the xview
# split; see dstformer_lite_ntu60_xsub_finetune.py).
_base_ = ['./dstformer_lite_ntu60_xsub_finetune.py']
train_dataloader = dict(dataset=dict(split='xview_train'))
val_dataloader = dict(dataset=dict(split='xview_val'))
test_dataloader = val_dataloader
