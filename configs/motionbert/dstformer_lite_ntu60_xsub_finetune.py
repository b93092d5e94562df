# MotionBERT-Lite action fine-tuning on NTU RGB+D 60, cross-subject: the
# recipe of MotionBERT's first code release (Walter0807/MotionBERT 20db205,
# 2022-11, configs/action/MB_ft_NTU60_xsub.yaml: dim_feat 256, MLP ratio 4,
# 200 epochs; everything else as the v2 recipe of
# dstformer_ntu60_xsub_finetune.py), fine-tuned from MotionBERT-Lite
# (MB_lite, 16.0 M parameters), converted with
#   python tools/convert/convert_ckpt.py MB_lite/latest_epoch.bin \
#       work_dirs/pretrained/motionbert_lite.pth --source motionbert
# The released action checkpoints are the full model, not this one.
_base_ = ['./dstformer_ntu60_xsub_finetune.py']

pretrained = 'work_dirs/pretrained/motionbert_lite.pth'
model = dict(backbone=dict(
    dim_feat=256, mlp_ratio=4,
    init_cfg=dict(type='Pretrained', checkpoint=pretrained,
                  prefix='backbone.')))
max_epochs = 200
train_cfg = dict(max_epochs=max_epochs)
