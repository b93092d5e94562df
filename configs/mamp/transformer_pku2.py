# MAMP pretraining on PKU-MMD part II cross-subject (configs/mamp/README.md): the
# authors' config/pkuv2_xsub_joint/pretrain_mamp_t120_layer8+5_mask90.yaml, joint stream,
# motion-aware masking tau 0.8, a 5-block decoder.
# Protocols: --protocol linear|knn|finetune|semi1|semi10|actionhead (MAMP's
# settings: protocol_settings in configs/_base_/methods/mamp.py).
_base_ = ['../_base_/methods/mamp.py',
          '../_base_/datasets/pku2_xsub_ctrgcn.py']
# the arrays as the authors read them (no normalisation)
preprocess = []
model = dict(decoder=dict(depth=5), motion_aware_tau=0.8)
train_dataloader = dict(dataset=dict(**_base_.train_dataset,
                                     pipeline=_base_.mamp_train_pipeline))
# the authors' PKU-MMD II linear probe: batch 16, lr 0.01 (config/pkuv2_xsub_joint/
# linprobe_t120_layer8.yaml); their scripts evaluate checkpoint-300.pth
protocol_settings = dict(linear=dict(
    train_dataloader=dict(batch_size=16),
    optim_wrapper=dict(optimizer=dict(lr=0.01))))
